import { Injectable } from '@nestjs/common';
import type { MessageThread } from '@partnerflow/db';
import { DomainError, ErrorCode, newId, type PartnerReplyRequest } from '@partnerflow/domain';
import { postedView } from '../message.views';
import { MessagePoster } from '../message-poster';
import { MessagesRepository } from '../messages.repository';

/**
 * A partner writes in their inbox: a reply in one of their threads — to the program's team, to
 * their master IB, or (as a master IB) to a partner of their downline — or a new thread to the
 * program's team. Replies are inbox messages, delivered by being written.
 */
@Injectable()
export class ReplyAsPartnerUseCase {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly poster: MessagePoster,
  ) {}

  async execute(partnerId: string, request: PartnerReplyRequest, idempotencyKey?: string) {
    const me = await this.messages.findPartner(partnerId);
    if (!me) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const thread = request.threadId ? await this.myThread(partnerId, request.threadId) : null;
    if (request.link && !(await this.messages.linkExists(me.programId, request.link.type, request.link.id))) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `there is no ${request.link.type} ${request.link.id} in your program`, [{ path: 'link.id', message: 'no such record in the program' }]);
    }
    const threadPartner = thread && thread.partnerId !== partnerId ? { id: thread.partnerId, programId: thread.programId } : me;
    // The other side of the thread: the sub-IB (I am its master), my master IB, or the program's team.
    const to = thread?.uplinePartnerId === partnerId ? thread.partnerId : thread?.uplinePartnerId ?? null;
    const subject = request.subject ?? `Re: ${thread!.subject}`;
    const link = request.link ?? (thread?.linkType && thread.linkId ? { type: thread.linkType, id: thread.linkId } : null);
    const rows = await this.poster.post({
      partner: threadPartner,
      thread: thread ?? { uplinePartnerId: null, subject, linkType: link?.type ?? null, linkId: link?.id ?? null, startedByType: 'partner', startedById: partnerId },
      sender: { type: 'partner', id: partnerId },
      recipientType: to ? 'partner' : 'operator',
      addresses: { inbox: to ?? 'operators' },
      subject,
      body: request.body,
      link,
      keyBase: idempotencyKey ? `me:${partnerId}:${idempotencyKey}` : `post:${newId('message')}`,
    });
    return postedView(rows);
  }

  private async myThread(partnerId: string, threadId: string): Promise<MessageThread> {
    const thread = await this.messages.findThread(threadId);
    if (!thread || (thread.partnerId !== partnerId && thread.uplinePartnerId !== partnerId)) {
      throw new DomainError(ErrorCode.NOT_FOUND, `you have no thread ${threadId}`, [{ path: 'threadId', message: 'is not one of your threads' }]);
    }
    return thread;
  }
}
