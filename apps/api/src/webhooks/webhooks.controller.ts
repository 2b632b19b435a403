import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { ALL_OPERATOR_ROLES, Roles } from '../common/auth/auth.decorators';
import { ActingOperator } from '../programs/operator.decorator';
import type { OperatorAction } from '../programs/programs.repository';
import { ChangeWebhookEndpointUseCase } from './use-cases/change-webhook-endpoint.use-case';
import { CreateWebhookEndpointUseCase } from './use-cases/create-webhook-endpoint.use-case';
import { ListWebhookDeliveriesUseCase } from './use-cases/list-webhook-deliveries.use-case';
import { ListWebhookEndpointsUseCase } from './use-cases/list-webhook-endpoints.use-case';
import { ReplayWebhookDeliveryUseCase } from './use-cases/replay-webhook-delivery.use-case';
import {
  CreatedWebhookEndpointDto,
  CreateWebhookEndpointDto,
  DeliveryIdParamsDto,
  DeliveryListQueryDto,
  EndpointListQueryDto,
  ProgramWebhookParamsDto,
  ProgramWebhooksParamsDto,
  ReplayAcceptedDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointPageDto,
  WebhookIdParamsDto,
} from './webhooks.schemas';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1')
export class WebhooksController {
  constructor(
    private readonly createEndpoint: CreateWebhookEndpointUseCase,
    private readonly listEndpoints: ListWebhookEndpointsUseCase,
    private readonly changeEndpoint: ChangeWebhookEndpointUseCase,
    private readonly listDeliveries: ListWebhookDeliveriesUseCase,
    private readonly replayDelivery: ReplayWebhookDeliveryUseCase,
  ) {}

  @Post('programs/:programId/webhooks')
  @Roles('manager')
  @ZodResponse({ status: 201, type: CreatedWebhookEndpointDto, description: 'registered; the signing secret is in this answer only' })
  create(@Param() { programId }: ProgramWebhooksParamsDto, @Body() body: CreateWebhookEndpointDto, @ActingOperator() operator: OperatorAction) {
    return this.createEndpoint.execute(programId, body, operator);
  }

  @Get('programs/:programId/webhooks')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: WebhookEndpointPageDto })
  list(@Param() { programId }: ProgramWebhooksParamsDto, @Query() page: EndpointListQueryDto) {
    return this.listEndpoints.execute(programId, page);
  }

  @Delete('programs/:programId/webhooks/:webhookId')
  @Roles('manager')
  @HttpCode(204)
  async delete(@Param() { programId, webhookId }: ProgramWebhookParamsDto, @ActingOperator() operator: OperatorAction): Promise<void> {
    await this.changeEndpoint.delete(programId, webhookId, operator);
  }

  @Post('programs/:programId/webhooks/:webhookId/enable')
  @Roles('manager')
  @HttpCode(200)
  @ZodResponse({ status: 200, type: WebhookEndpointDto, description: 'enabled again, its failure streak cleared' })
  enable(@Param() { programId, webhookId }: ProgramWebhookParamsDto, @ActingOperator() operator: OperatorAction) {
    return this.changeEndpoint.enable(programId, webhookId, operator);
  }

  @Get('webhooks/:webhookId/deliveries')
  @Roles(...ALL_OPERATOR_ROLES)
  @ZodResponse({ status: 200, type: WebhookDeliveryPageDto, description: 'newest first, with every attempt' })
  deliveries(@Param() { webhookId }: WebhookIdParamsDto, @Query() query: DeliveryListQueryDto) {
    return this.listDeliveries.execute(webhookId, query);
  }

  @Post('webhook-deliveries/:deliveryId/replay')
  @Roles('manager')
  @HttpCode(202)
  @ZodResponse({ status: 202, type: ReplayAcceptedDto, description: 'a new delivery of the same event is on its way' })
  replay(@Param() { deliveryId }: DeliveryIdParamsDto, @ActingOperator() operator: OperatorAction) {
    return this.replayDelivery.execute(deliveryId, operator);
  }
}
