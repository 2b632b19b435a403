import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { webhookEndpointView } from '../webhook.views';
import { WebhooksRepository } from '../webhooks.repository';

/** Deleting an endpoint, or enabling one that was disabled (for failing, or at creation). */
@Injectable()
export class ChangeWebhookEndpointUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly webhooks: WebhooksRepository,
  ) {}

  async delete(programRef: string, webhookId: string, action: OperatorAction): Promise<void> {
    await this.endpointOf(programRef, webhookId);
    await this.webhooks.deleteEndpoint(webhookId, action);
  }

  async enable(programRef: string, webhookId: string, action: OperatorAction) {
    await this.endpointOf(programRef, webhookId);
    return webhookEndpointView(await this.webhooks.enableEndpoint(webhookId, action));
  }

  private async endpointOf(programRef: string, webhookId: string) {
    const program = await this.programs.execute(programRef);
    const endpoint = await this.webhooks.findEndpoint(webhookId);
    if (!endpoint || endpoint.programId !== program.id) {
      throw new DomainError(ErrorCode.NOT_FOUND, `webhook endpoint ${webhookId} does not exist in program ${programRef}`);
    }
    return endpoint;
  }
}
