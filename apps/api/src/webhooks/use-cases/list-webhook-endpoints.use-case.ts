import { Injectable } from '@nestjs/common';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { GetProgramUseCase } from '../../programs/use-cases/get-program.use-case';
import { webhookEndpointView } from '../webhook.views';
import { WebhooksRepository } from '../webhooks.repository';

/** The program's endpoints (never their secrets), oldest first. */
@Injectable()
export class ListWebhookEndpointsUseCase {
  constructor(
    private readonly programs: GetProgramUseCase,
    private readonly webhooks: WebhooksRepository,
  ) {}

  async execute(programRef: string, { limit, cursor }: PaginationQuery) {
    const program = await this.programs.execute(programRef);
    const page = pageOf(await this.webhooks.listEndpoints(program.id, limit, cursor), limit);
    return { items: page.items.map(webhookEndpointView), nextCursor: page.nextCursor };
  }
}
