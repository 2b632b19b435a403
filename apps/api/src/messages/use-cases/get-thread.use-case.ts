import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { threadDetailView } from '../message.views';
import { MessagesRepository } from '../messages.repository';

/** A whole conversation: each message once, how each channel fared, and who read it when. */
@Injectable()
export class GetThreadUseCase {
  constructor(private readonly messages: MessagesRepository) {}

  async execute(threadId: string) {
    const thread = await this.messages.findThread(threadId);
    if (!thread) throw new DomainError(ErrorCode.NOT_FOUND, `thread ${threadId} does not exist`);
    return threadDetailView(thread, await this.messages.threadMessages(threadId));
  }
}
