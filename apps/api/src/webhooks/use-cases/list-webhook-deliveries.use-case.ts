import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf } from '../../common/http/pagination';
import { webhookDeliveryView } from '../webhook.views';
import type { DeliveryListQuery } from '../webhooks.schemas';
import { WebhooksRepository } from '../webhooks.repository';

/** An endpoint's deliveries, newest first, each with every attempt (status, latency, error). */
@Injectable()
export class ListWebhookDeliveriesUseCase {
  constructor(private readonly webhooks: WebhooksRepository) {}

  async execute(webhookId: string, query: DeliveryListQuery) {
    if (!(await this.webhooks.findEndpoint(webhookId, { withDeleted: true }))) {
      throw new DomainError(ErrorCode.NOT_FOUND, `webhook endpoint ${webhookId} does not exist`);
    }
    const page = pageOf(await this.webhooks.listDeliveries(webhookId, query), query.limit);
    return { items: page.items.map(webhookDeliveryView), nextCursor: page.nextCursor };
  }
}
