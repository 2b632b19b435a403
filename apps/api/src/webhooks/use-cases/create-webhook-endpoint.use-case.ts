import { Inject, Injectable } from '@nestjs/common';
import { generateWebhookSecret, webhookUrlProblem } from '@partnerflow/activities';
import { DomainError, ErrorCode, webhookEndpointPolicySchema, type CreateWebhookEndpoint, type Env } from '@partnerflow/domain';
import { ENV } from '../../common/tokens';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { webhookEndpointView } from '../webhook.views';
import { WebhooksRepository } from '../webhooks.repository';

/**
 * An operator registers an endpoint for some of the program's domain events. The signing secret is
 * generated here and answered once; from then on it only signs deliveries. A URL into the internal
 * networks (its host such an address, or resolving only to such addresses) is refused unless
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS; every delivery checks again, as DNS answers change.
 */
@Injectable()
export class CreateWebhookEndpointUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly webhooks: WebhooksRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(programRef: string, request: CreateWebhookEndpoint, action: OperatorAction) {
    const program = await this.programs.execute(programRef);
    const urlProblem = await webhookUrlProblem(request.url, { allowPrivateNetworks: this.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS });
    if (urlProblem) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the webhook endpoint is invalid', [{ path: 'url', message: urlProblem }]);
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
