import type { Creative } from '@partnerflow/db';
import { domainEventKey, type DomainEventInput } from '@partnerflow/domain';

/**
 * `creative.published`, recorded in the publish's transaction. No partnerId: the notification
 * rule's segment chooses who hears of it. `title` and `url` fill the `notification.creative-assets`
 * template; one event per creative, however often it is published.
 */
export const creativePublishedEvent = (creative: Creative): DomainEventInput => ({
  name: 'creative.published',
  programId: creative.programId,
  subject: { type: 'creative', id: creative.id },
  data: { creativeId: creative.id, title: creative.title, url: creative.url, kind: creative.kind },
  occurredAt: creative.publishedAt ?? new Date(),
  idempotencyKey: domainEventKey('creative.published', creative.id),
});

/**
 * `creative.deprecated` when a published creative is withdrawn (a draft nobody saw needs no
 * notice). `reason` completes the template's sentence "…has been withdrawn{{reason}}.".
 */
export const creativeDeprecatedEvent = (creative: Creative): DomainEventInput => ({
  name: 'creative.deprecated',
  programId: creative.programId,
  subject: { type: 'creative', id: creative.id },
  data: {
    creativeId: creative.id,
    title: creative.title,
    url: creative.url,
    kind: creative.kind,
    reason: creative.deprecationReason ? `: ${creative.deprecationReason}` : '',
  },
  occurredAt: creative.deprecatedAt ?? new Date(),
  idempotencyKey: domainEventKey('creative.deprecated', creative.id),
});
