import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth/auth.decorators';
import { CheckHealthUseCase, type HealthReport } from './check-health.use-case';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly checkHealth: CheckHealthUseCase) {}

  /** 200 when database, Temporal and SMTP all answer; 503 otherwise (load balancers read the code). */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.checkHealth.execute();
    response.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
