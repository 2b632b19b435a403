import type { PrismaClient } from '@partnerflow/db';
import type { MessagePostRecord } from '@partnerflow/domain';
import { dispatchDomainEventsFromActivity } from '../events/domain-event-dispatch';
import { recordMessagePost } from './post-recording';

/** The database steps of a message delivery (its emails go through sendRecordedEmail). */
export function createMessageDeliveryActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Writes the post the api started the delivery with, unless the api wrote it already. */
    async recordMessagePost(record: MessagePostRecord): Promise<{ messageIds: string[] }> {
      const { rows, eventIds } = await recordMessagePost(prisma, record);
      await dispatchDomainEventsFromActivity(eventIds);
      return { messageIds: rows.map((row) => row.id) };
    },

    /**
     * Rows held back (quiet hours) reach the partner's inbox. Only queued inbox rows move, so a
     * retry, or a row already read, changes nothing.
     */
    async deliverInboxMessages({ messageIds }: { messageIds: string[] }): Promise<{ delivered: number }> {
      const { count } = await prisma.message.updateMany({
        where: { id: { in: messageIds }, channel: 'inbox', status: 'queued' },
        data: { status: 'delivered', deliveredAt: new Date() },
      });
      return { delivered: count };
    },
  };
}
