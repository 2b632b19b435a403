import { Inject, Injectable } from '@nestjs/common';
import { recordMessagePost } from '@partnerflow/activities';
import type { ActorType, Message, MessageReceipt, MessageStatus, MessageThread, Partner, PrismaClient } from '@partnerflow/db';
import type { MessageLinkType, MessagePostRecord } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';

export interface ReadReceiptInput {
  messageId: string;
  readerType: ActorType;
  readerId: string;
  recordedVia: 'operator_api' | 'partner_session';
  recordedBy: string;
  at: Date;
}

/** Inbox rows a partner can see: delivered (or `sent`, as broadcasts mark theirs) and read ones. */
const INBOX_STATUSES: MessageStatus[] = ['sent', 'delivered', 'read'];

/** The only path to Prisma for messages, threads and read receipts. */
@Injectable()
export class MessagesRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(id: string): Promise<Partner | null> {
    return this.prisma.partner.findUnique({ where: { id } });
  }

  findPartners(ids: string[]): Promise<Partner[]> {
    return this.prisma.partner.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
  }

  findProgramName(programId: string): Promise<{ name: string } | null> {
    return this.prisma.program.findUnique({ where: { id: programId }, select: { name: true } });
  }

  findThread(id: string): Promise<MessageThread | null> {
    return this.prisma.messageThread.findUnique({ where: { id } });
  }

  /** Is there such a record in the program? Compliance notices and broadcasts are not checked yet. */
  async linkExists(programId: string, type: MessageLinkType, id: string): Promise<boolean> {
    const where = { id, programId };
    switch (type) {
      case 'payout':
        return (await this.prisma.payout.count({ where })) > 0;
      case 'payout_run':
        return (await this.prisma.payoutRun.count({ where })) > 0;
      case 'commission':
        return (await this.prisma.commission.count({ where })) > 0;
      case 'conversion':
        return (await this.prisma.conversion.count({ where })) > 0;
      case 'config_version':
        return (await this.prisma.configVersion.count({ where })) > 0;
      default:
        return true;
    }
  }

  findByIdempotencyKeys(keys: string[]): Promise<Message[]> {
    return this.prisma.message.findMany({ where: { idempotencyKey: { in: keys } }, orderBy: { id: 'asc' } });
  }

  recordPost(record: MessagePostRecord): Promise<{ rows: Message[]; eventIds: string[] }> {
    return recordMessagePost(this.prisma, record);
  }

  /** Every message to or from the partner, by id (creation order). */
  listPartnerMessages(partnerId: string, limit: number, cursor?: string): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { partnerId, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findThreads(ids: string[]): Promise<MessageThread[]> {
    return this.prisma.messageThread.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
  }

  threadMessages(threadId: string): Promise<(Message & { receipts: MessageReceipt[] })[]> {
    return this.prisma.message.findMany({
      where: { threadId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { receipts: { orderBy: { readAt: 'asc' } } },
    });
  }

  findMessage(id: string): Promise<(Message & { thread: MessageThread | null }) | null> {
    return this.prisma.message.findUnique({ where: { id }, include: { thread: true } });
  }

  /**
   * A reader's receipt, once: the first read's time stays, and the message's own read time is
   * its first reader's. Both writes in one transaction.
   */
  async recordRead(input: ReadReceiptInput): Promise<{ message: Message; receipt: MessageReceipt; firstRead: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.messageReceipt.createMany({
        data: [{ messageId: input.messageId, readerType: input.readerType, readerId: input.readerId, readAt: input.at, recordedVia: input.recordedVia, recordedBy: input.recordedBy }],
        skipDuplicates: true,
      });
      await tx.message.updateMany({ where: { id: input.messageId, readAt: null }, data: { readAt: input.at, status: 'read' } });
      const receipt = await tx.messageReceipt.findUniqueOrThrow({
        where: { messageId_readerType_readerId: { messageId: input.messageId, readerType: input.readerType, readerId: input.readerId } },
      });
      const message = await tx.message.findUniqueOrThrow({ where: { id: input.messageId } });
      return { message, receipt, firstRead: count === 1 };
    });
  }

  /** The partner's threads with something in the inbox (with the program, their master IB or downline), newest first. */
  inboxThreads(partnerId: string, limit: number, cursor?: string): Promise<MessageThread[]> {
    return this.prisma.messageThread.findMany({
      where: {
        OR: [{ partnerId }, { uplinePartnerId: partnerId }],
        messages: { some: { channel: 'inbox', status: { in: INBOX_STATUSES } } },
        ...(cursor ? { id: { lt: cursor } } : {}),
      },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
  }

  /** The inbox rows of these threads: what reached an inbox, and what was written there. */
  inboxMessages(threadIds: string[]): Promise<Message[]> {
    return this.prisma.message.findMany({
      where: { threadId: { in: threadIds }, channel: 'inbox', status: { in: INBOX_STATUSES } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }
}
