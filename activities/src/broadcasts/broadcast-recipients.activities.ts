import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '@partnerflow/db';
import { broadcastSegmentSchema, NonRetryableFailure } from '@partnerflow/domain';
import { segmentWhere } from './broadcast-segment.sql';

/** Resolving a large segment is one INSERT … SELECT per channel; give it time. */
const RESOLVE_TRANSACTION = { maxWait: 30_000, timeout: 120_000 };

export interface ResolvedBroadcast {
  /** Rows in broadcast_recipients: one per partner and channel. */
  recipients: number;
  partners: number;
}

export function createBroadcastRecipientActivities({ prisma }: { prisma: PrismaClient }) {
  const counts = async (broadcastId: string): Promise<ResolvedBroadcast> => {
    const [row] = await prisma.$queryRaw<{ recipients: number; partners: number }[]>`
      SELECT count(*)::int AS recipients, count(DISTINCT partner_id)::int AS partners FROM broadcast_recipients WHERE broadcast_id = ${broadcastId}`;
    return row;
  };

  return {
    /**
     * Freezes who the broadcast goes to: the segment's partners as of now, a row per partner and
     * channel keyed `broadcast:<id>:<partnerId>:<channel>`. Done once — a retry, or a run after a
     * crash, answers the list already recorded, so partners who join the segment later are not added.
     * A broadcast cancelled meanwhile gets no list.
     */
    async resolveBroadcastRecipients({ broadcastId }: { broadcastId: string }): Promise<ResolvedBroadcast> {
      await prisma.$transaction(async (tx) => {
        const [broadcast] = await tx.$queryRaw<{ id: string; programId: string; segment: unknown; channels: string[]; resolvedAt: Date | null; status: string }[]>`
          SELECT id, program_id AS "programId", segment, channels::text[] AS channels, resolved_at AS "resolvedAt", status::text AS status FROM broadcasts WHERE id = ${broadcastId} FOR UPDATE`;
        if (!broadcast) throw ApplicationFailure.nonRetryable(`broadcast ${broadcastId} does not exist`, NonRetryableFailure.NOT_FOUND);
        if (broadcast.resolvedAt || broadcast.status === 'cancelled') return;
        const parsed = broadcastSegmentSchema.safeParse(broadcast.segment);
        if (!parsed.success) throw ApplicationFailure.nonRetryable(`broadcast ${broadcastId} has an invalid segment: ${parsed.error.message}`, NonRetryableFailure.INVALID_CONFIG);
        const where = segmentWhere(broadcast.programId, parsed.data, new Date());
        for (const channel of broadcast.channels) {
          await tx.$executeRaw`
            INSERT INTO broadcast_recipients (broadcast_id, partner_id, channel, idempotency_key)
            SELECT ${broadcastId}, p.id, ${channel}::"MessageChannel", 'broadcast:' || ${broadcastId}::text || ':' || p.id || ':' || ${channel}::text
            FROM partners p WHERE ${where}
            ON CONFLICT DO NOTHING`;
        }
        const [{ recipients }] = await tx.$queryRaw<{ recipients: number }[]>`
          SELECT count(DISTINCT partner_id)::int AS recipients FROM broadcast_recipients WHERE broadcast_id = ${broadcastId}`;
        await tx.broadcast.update({ where: { id: broadcastId }, data: { resolvedAt: new Date(), recipientCount: recipients, status: 'sending' } });
      }, RESOLVE_TRANSACTION);
      return counts(broadcastId);
    },

    /**
     * Every recipient has been tried: the broadcast is sent (at the workflow's time, which reminders
     * count from). A cancellation that came first keeps its status.
     */
    async markBroadcastSent({ broadcastId, at }: { broadcastId: string; at: string }): Promise<{ sentAt: string }> {
      await prisma.broadcast.updateMany({ where: { id: broadcastId, sentAt: null, status: { not: 'cancelled' } }, data: { status: 'sent', sentAt: new Date(at) } });
      const broadcast = await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcastId } });
      return { sentAt: (broadcast.sentAt ?? new Date(at)).toISOString() };
    },
  };
}
