import { payoutDatabase } from './payout-run.proxies';
import { iso, sendNotices, workflowNow } from './payout-run.context';

export interface PayoutReturnInput {
  payoutId: string;
  reason: string;
  operatorId: string;
}

/**
 * A paid payout's money came back (`payout-return-<payoutId>`): the ledger puts it back on the
 * partner's approved balance for the next run, and the partner and finance are told. A workflow
 * rather than the api doing it, so the notices go through the worker's durable email path.
 */
export async function payoutRunReturnWorkflow(input: PayoutReturnInput): Promise<{ returned: boolean; status: string }> {
  const result = await payoutDatabase.recordPayoutReturn({ ...input, at: iso(workflowNow()) });
  if (result.returned) await sendNotices([input.payoutId]);
  return result;
}
