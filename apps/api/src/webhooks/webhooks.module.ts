import { Module } from '@nestjs/common';
import { ProgramsModule } from '../programs/programs.module';
import { ChangeWebhookEndpointUseCase } from './use-cases/change-webhook-endpoint.use-case';
import { CreateWebhookEndpointUseCase } from './use-cases/create-webhook-endpoint.use-case';
import { ListWebhookDeliveriesUseCase } from './use-cases/list-webhook-deliveries.use-case';
import { ListWebhookEndpointsUseCase } from './use-cases/list-webhook-endpoints.use-case';
import { ReplayWebhookDeliveryUseCase } from './use-cases/replay-webhook-delivery.use-case';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

@Module({
  imports: [ProgramsModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    CreateWebhookEndpointUseCase,
    ListWebhookEndpointsUseCase,
    ChangeWebhookEndpointUseCase,
    ListWebhookDeliveriesUseCase,
    ReplayWebhookDeliveryUseCase,
  ],
})
export class WebhooksModule {}
