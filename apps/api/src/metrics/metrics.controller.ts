import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ApiMetrics } from './api-metrics';

/**
 * Prometheus scrapes with an operator key (a `viewer` key is enough): scrape configs take a
 * bearer token, and the numbers are business data that should not be public.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Roles(...ALL_OPERATOR_ROLES)
  @Header('cache-control', 'no-store')
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  async scrape(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
