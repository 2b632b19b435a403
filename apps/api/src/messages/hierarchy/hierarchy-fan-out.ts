import { Injectable } from '@nestjs/common';
import type { Partner } from '@partnerflow/db';
import { DomainError, ErrorCode, type DownlineMessageRequest } from '@partnerflow/domain';
import { postedView } from '../message.views';
import { MessagePoster } from '../message-poster';
import { MessagesRepository } from '../messages.repository';

/** Above this, a message to a hierarchy is a broadcast's job (batched, rate-limited, resumable). */
export const MAX_HIERARCHY_RECIPIENTS = 1_000;

export interface FanOutTarget {
  partner: Partner;
  depth: number;
}

/**
 * One message to many partners of a hierarchy: each recipient gets it in a thread of their own
 * (so replies stay private), keyed per recipient, so a repeated request sends nobody a second copy.
 */
@Injectable()
export class HierarchyFanOut {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly poster: MessagePoster,
  ) {}

  async send(
    targets: FanOutTarget[],
    request: DownlineMessageRequest,
    sender: { type: 'operator' | 'partner'; id: string },
    keyBase: string,
  ) {
    if (targets.length === 0) throw new DomainError(ErrorCode.RULE_VIOLATION, 'there is nobody in this part of the hierarchy to write to');
    if (targets.length > MAX_HIERARCHY_RECIPIENTS) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `${targets.length} recipients: write to more than ${MAX_HIERARCHY_RECIPIENTS} partners with a broadcast`);
    }
    if (request.link && !(await this.messages.linkExists(targets[0].partner.programId, request.link.type, request.link.id))) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `there is no ${request.link.type} ${request.link.id} in the program`, [{ path: 'link.id', message: 'no such record in the program' }]);
    }
    const recipients = [];
    for (const { partner, depth } of targets) {
      const rows = await this.poster.post({
        partner,
        thread: {
          uplinePartnerId: sender.type === 'partner' ? sender.id : null,
          subject: request.subject,
          linkType: request.link?.type ?? null,
          linkId: request.link?.id ?? null,
          startedByType: sender.type,
          startedById: sender.id,
        },
        sender,
        recipientType: 'partner',
        addresses: Object.fromEntries(request.channels.map((channel) => [channel, channel === 'inbox' ? partner.id : partner.email])),
        subject: request.subject,
        body: request.body,
        link: request.link ?? null,
        keyBase: `${keyBase}:${partner.id}`,
      });
      recipients.push({ ...postedView(rows), depth });
    }
    return { count: recipients.length, recipients };
  }
}
