import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '@partnerflow/db';
import { broadcastWorkflowId, NonRetryableFailure, type BroadcastCancellation, type BroadcastCancelRequest } from '@partnerflow/domain';
import { auditOnce } from '../audit-once';

export function createBroadcastCancellationActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Records an operator's cancellation, once: the broadcast's status with who and when, every
     * recipient nobody has started sending to marked `cancelled`, and an audit entry. A batch in
     * flight records its messages before sending them, so its recipients stay queued and it
     * finishes them (that is the batch boundary); those already sent keep what they got. A repeat
     * changes nothing and answers the first cancellation.
     */
    async recordBroadcastCancellation({ broadcastId, cancelledBy, requestId }: BroadcastCancelRequest & { broadcastId: string }): Promise<BroadcastCancellation> {
      return prisma.$transaction(async (tx) => {
        const [broadcast] = await tx.$queryRaw<{ status: string; cancelledAt: Date | null; cancelledBy: string | null }[]>`
          SELECT status::text AS status, cancelled_at AS "cancelledAt", cancelled_by AS "cancelledBy" FROM broadcasts WHERE id = ${broadcastId} FOR UPDATE`;
        if (!broadcast) throw ApplicationFailure.nonRetryable(`broadcast ${broadcastId} does not exist`, NonRetryableFailure.NOT_FOUND);
        if (broadcast.status === 'cancelled') return { cancelledBy: broadcast.cancelledBy ?? cancelledBy, cancelledAt: (broadcast.cancelledAt ?? new Date()).toISOString() };

        const cancelledAt = new Date();
        await tx.broadcast.update({ where: { id: broadcastId }, data: { status: 'cancelled', cancelledAt, cancelledBy } });
        const notSent = await tx.$executeRaw`
          UPDATE broadcast_recipients r SET status = 'cancelled'
          WHERE r.broadcast_id = ${broadcastId} AND r.status = 'queued'
            AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.idempotency_key = r.idempotency_key)`;
        await auditOnce(tx, {
          actorType: 'operator',
          actorId: cancelledBy,
          action: 'broadcast.cancelled',
          targetType: 'broadcast',
          targetId: broadcastId,
          before: { status: broadcast.status },
          after: { status: 'cancelled', cancelledAt: cancelledAt.toISOString(), recipientsNotSent: notSent },
          requestId,
          workflowId: broadcastWorkflowId(broadcastId),
          idempotencyKey: `broadcast.cancelled:${broadcastId}`,
        });
        return { cancelledBy, cancelledAt: cancelledAt.toISOString() };
      });
    },
  };
}
