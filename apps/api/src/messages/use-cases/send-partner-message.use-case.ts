import { Injectable } from '@nestjs/common';
import type { MessageThread, Partner } from '@partnerflow/db';
import { DomainError, ErrorCode, newId, type PostMessageRequest } from '@partnerflow/domain';
import type { OperatorAction } from '../../programs/programs.repository';
import { postedView } from '../message.views';
import { MessagePoster } from '../message-poster';
import { MessagesRepository } from '../messages.repository';

/**
 * An operator writes to a partner: a new thread (optionally about a record), or the next message
 * of one of the partner's threads, on the inbox and/or by email.
 */
@Injectable()
export class SendPartnerMessageUseCase {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly poster: MessagePoster,
  ) {}

  async execute(partnerId: string, request: PostMessageRequest, operator: OperatorAction, idempotencyKey?: string) {
    const partner = await this.messages.findPartner(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const thread = request.threadId ? await this.partnersThread(partner, request.threadId) : null;
    const link = request.link ?? (thread?.linkType && thread.linkId ? { type: thread.linkType, id: thread.linkId } : null);
    if (request.link) await this.checkLink(partner.programId, request.link);
    const subject = request.subject ?? `Re: ${thread!.subject}`;
    const rows = await this.poster.post({
      partner,
      thread: thread ?? { uplinePartnerId: null, subject, linkType: link?.type ?? null, linkId: link?.id ?? null, startedByType: 'operator', startedById: operator.operatorKeyId },
      sender: { type: 'operator', id: operator.operatorKeyId },
      recipientType: 'partner',
      addresses: Object.fromEntries(request.channels.map((channel) => [channel, channel === 'inbox' ? partner.id : partner.email])),
      subject,
      body: request.body,
      link,
      keyBase: idempotencyKey ? `api:${partner.id}:${idempotencyKey}` : `post:${newId('message')}`,
    });
    return postedView(rows);
  }

  private async partnersThread(partner: Partner, threadId: string): Promise<MessageThread> {
    const thread = await this.messages.findThread(threadId);
    if (!thread || thread.partnerId !== partner.id) {
      throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partner.id} has no thread ${threadId}`, [{ path: 'threadId', message: 'is not a thread of this partner' }]);
    }
    return thread;
  }

  private async checkLink(programId: string, link: NonNullable<PostMessageRequest['link']>): Promise<void> {
    if (!(await this.messages.linkExists(programId, link.type, link.id))) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `there is no ${link.type} ${link.id} in the partner's program`, [{ path: 'link.id', message: `no ${link.type} with this id in the program` }]);
    }
  }
}
