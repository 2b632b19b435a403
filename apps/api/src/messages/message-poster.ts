import { Injectable } from '@nestjs/common';
import type { Message, MessageThread, Partner } from '@partnerflow/db';
import { messageBodyHtml, newId, type MessageChannelName, type MessagePostRecord, type MessageRowRecord, type MessageThreadRecord } from '@partnerflow/domain';
import { DomainEventDispatcher } from '../webhooks/domain-event-dispatcher';
import { MessageDeliveryGateway } from './message-delivery.gateway';
import { MessagesRepository } from './messages.repository';

/** One message to one recipient in one thread, on its channels. */
export interface PostDraft {
  /** The partner the thread is with. */
  partner: Pick<Partner, 'id' | 'programId'>;
  /** The thread to continue, or the one to open. */
  thread: MessageThread | Omit<MessageThreadRecord, 'id' | 'programId' | 'partnerId'>;
  sender: { type: 'operator' | 'partner'; id: string };
  recipientType: 'partner' | 'operator';
  /** Inbox: the reading partner's id (or "operators"); email: the address. */
  addresses: Partial<Record<MessageChannelName, string>>;
  subject: string;
  body: string;
  link: { type: string; id: string } | null;
  /** The rows' idempotency keys are `<keyBase>:<channel>`: a repeated request finds them. */
  keyBase: string;
}

const isStoredThread = (thread: PostDraft['thread']): thread is MessageThread => 'id' in thread;

/**
 * Posts a message: inbox rows are delivered by being written, emails by a delivery workflow. The
 * workflow is started first, carrying the post, and the post is written right after: if the api
 * stops in between, the workflow writes it — an email is never recorded without its delivery.
 */
@Injectable()
export class MessagePoster {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly deliveries: MessageDeliveryGateway,
    private readonly events: DomainEventDispatcher,
  ) {}

  async post(draft: PostDraft): Promise<Message[]> {
    const channels = (['inbox', 'email'] as const).filter((channel) => draft.addresses[channel] !== undefined);
    const existing = await this.messages.findByIdempotencyKeys(channels.map((channel) => `${draft.keyBase}:${channel}`));
    if (existing.length === channels.length) {
      // A repeated request: the same post, and its delivery started (again a no-op if it was).
      const emails = existing.filter((row) => row.channel === 'email' && row.status === 'queued');
      if (emails.length > 0) await this.deliveries.start({ postId: existing[0].postId ?? existing[0].id, programId: draft.partner.programId, partnerId: draft.partner.id, inboxMessageIds: [], emailMessageIds: emails.map((row) => row.id) });
      return existing;
    }
    const record = this.recordOf(draft, channels);
    const emailIds = record.rows.filter((row) => row.channel === 'email').map((row) => row.id);
    if (emailIds.length > 0) {
      await this.deliveries.start({ postId: record.rows[0].postId, programId: draft.partner.programId, partnerId: draft.partner.id, record, inboxMessageIds: [], emailMessageIds: emailIds });
    }
    const { rows, eventIds } = await this.messages.recordPost(record);
    // A partner's message to the team tells the managers (message.received); never fails the post.
    await this.events.dispatch(eventIds);
    return rows;
  }

  private recordOf(draft: PostDraft, channels: readonly MessageChannelName[]): MessagePostRecord {
    const now = new Date().toISOString();
    const thread: MessageThreadRecord | null = isStoredThread(draft.thread)
      ? null
      : { ...draft.thread, id: newId('messageThread'), programId: draft.partner.programId, partnerId: draft.partner.id };
    const threadId = isStoredThread(draft.thread) ? draft.thread.id : thread!.id;
    const ids = channels.map(() => newId('message'));
    const rows: MessageRowRecord[] = channels.map((channel, index) => ({
      id: ids[index],
      postId: ids[0],
      threadId,
      programId: draft.partner.programId,
      partnerId: draft.partner.id,
      channel,
      senderType: draft.sender.type,
      senderId: draft.sender.id,
      recipient: draft.addresses[channel]!,
      recipientType: draft.recipientType,
      template: 'message',
      subject: draft.subject,
      bodyText: draft.body.endsWith('\n') ? draft.body : `${draft.body}\n`,
      bodyHtml: messageBodyHtml(draft.body),
      status: channel === 'inbox' ? 'delivered' : 'queued',
      deliveredAt: channel === 'inbox' ? now : null,
      idempotencyKey: `${draft.keyBase}:${channel}`,
      linkType: draft.link?.type ?? null,
      linkId: draft.link?.id ?? null,
      createdAt: now,
    }));
    return { thread, rows };
  }
}
