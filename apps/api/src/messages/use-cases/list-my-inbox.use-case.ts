import { Injectable } from '@nestjs/common';
import type { Message, MessageThread } from '@partnerflow/db';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { threadView } from '../message.views';
import { MessagesRepository } from '../messages.repository';

/** Whose a message in my inbox is, seen from me. */
function fromOf(message: Message, thread: MessageThread, me: string): 'program' | 'me' | 'upline' | 'downline' {
  if (message.senderType !== 'partner') return 'program';
  if (message.senderId === me) return 'me';
  return message.senderId === thread.uplinePartnerId ? 'upline' : 'downline';
}

/**
 * A partner's inbox: their threads, newest first — with the program's team, with their master IB,
 * and with each partner of their downline — holding what was sent to them and what they wrote.
 */
@Injectable()
export class ListMyInboxUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery) {
    const page = pageOf(await this.messages.inboxThreads(partnerId, limit, cursor), limit);
    const rows = page.items.length > 0 ? await this.messages.inboxMessages(page.items.map((thread) => thread.id)) : [];
    // A master IB sees in its downline's threads only what it wrote and what was written to it.
    const mine = (message: Message) => message.senderId === partnerId || (message.recipientType === 'partner' && message.recipient === partnerId);
    const items = page.items.map((thread) => {
      const visible = rows.filter((message) => message.threadId === thread.id && mine(message));
      const { startedBy: _startedBy, ...summary } = threadView(thread);
      return {
        ...summary,
        unread: visible.filter((message) => message.recipient === partnerId && message.readAt === null).length,
        messages: visible.map((message) => ({
          id: message.id,
          from: fromOf(message, thread, partnerId),
          senderType: message.senderType,
          subject: message.subject,
          bodyText: message.bodyText,
          link: message.linkType && message.linkId ? { type: message.linkType, id: message.linkId } : null,
          createdAt: message.createdAt.toISOString(),
          readAt: message.readAt?.toISOString() ?? null,
        })),
      };
    });
    return { items, nextCursor: page.nextCursor };
  }
}
