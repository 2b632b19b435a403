import { Prisma } from '@partnerflow/db';

/**
 * The ledger entries (alias `e`) a payout run would pay: approved money in the payout currency that
 * no live payout claims yet. A payout_paid entry is not one of them: it is the other side of the
 * entries its payout claimed. One definition for the run's snapshot and its preview, and for the
 * payout-threshold notice, which must see the balance the next run will see. Callers add their cutoff.
 */
export const unclaimedApprovedEntries = (programId: string, currency: string): Prisma.Sql => Prisma.sql`
  e.program_id = ${programId} AND e.account = 'approved' AND e.kind <> 'payout_paid' AND e.currency = ${currency}
  AND NOT EXISTS (SELECT 1 FROM payout_items i WHERE i.ledger_entry_id = e.id)`;
