import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { pageOf, type PaginationQuery } from '../../common/http/pagination';
import { messageView, threadView } from '../message.views';
import { MessagesRepository } from '../messages.repository';

/** Every message to or from the partner (email and inbox), oldest first, with the threads they are in. */
@Injectable()
export class ListPartnerMessagesUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async execute(partnerId: string, { limit, cursor }: PaginationQuery) {
    if (!(await this.messages.findPartner(partnerId))) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    const page = pageOf(await this.messages.listPartnerMessages(partnerId, limit, cursor), limit);
    const threadIds = [...new Set(page.items.map((message) => message.threadId).filter((id): id is string => id !== null))];
    const threads = threadIds.length > 0 ? await this.messages.findThreads(threadIds) : [];
    return { items: page.items.map(messageView), threads: threads.map(threadView), nextCursor: page.nextCursor };
  }
}
