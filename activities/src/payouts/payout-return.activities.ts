import type { PayoutStatus, PrismaClient } from '@partnerflow/db';
import { LEDGER_TRANSACTION } from '../commission-ledger';
import { dispatchDomainEventsFromActivity } from '../events';
import { recordReturned } from './payout-ledger';

export interface PayoutReturnRecord {
  payoutId: string;
  reason: string;
  operatorId: string;
  at: string;
}

/** A paid payout whose payment came back (payout-ledger.ts: recordReturned), and its payout.returned event dispatched. */
export function createPayoutReturnActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    async recordPayoutReturn(record: PayoutReturnRecord): Promise<{ returned: boolean; status: PayoutStatus }> {
      const payout = await prisma.payout.findUniqueOrThrow({ where: { id: record.payoutId } });
      const { returned, eventIds } = await prisma.$transaction(
        (tx) => recordReturned(tx, payout, { reason: record.reason, at: new Date(record.at), actor: { actorType: 'operator', actorId: record.operatorId } }),
        LEDGER_TRANSACTION,
      );
      await dispatchDomainEventsFromActivity(eventIds);
      const after = await prisma.payout.findUniqueOrThrow({ where: { id: record.payoutId }, select: { status: true } });
      return { returned, status: after.status };
    },
  };
}
