import { Injectable } from '@nestjs/common';
import { generateWebhookSecret } from '@partnerflow/activities';
import { webhookEndpointPolicySchema, type CreateWebhookEndpoint } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { webhookEndpointView } from '../webhook.views';
import { WebhooksRepository } from '../webhooks.repository';

/**
 * An operator registers an endpoint for some of the program's domain events. The signing secret is
 * generated here and answered once; from then on it only signs deliveries.
 */
@Injectable()
export class CreateWebhookEndpointUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly webhooks: WebhooksRepository,
  ) {}

  async execute(programRef: string, request: CreateWebhookEndpoint, action: OperatorAction) {
    const program = await this.programs.execute(programRef);
    const policy = webhookEndpointPolicySchema.parse({ retry: request.retry, disable: request.disable });
    const secret = generateWebhookSecret();
    const endpoint = await this.webhooks.createEndpoint(
      {
        programId: program.id,
        url: request.url,
        description: request.description ?? null,
        events: request.events,
        secret,
        enabled: request.enabled,
        alertEmails: request.alertEmails,
        policy,
      },
      action,
    );
    return { ...webhookEndpointView(endpoint), secret };
  }
}
