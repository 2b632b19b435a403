import { ApplicationFailure } from '@temporalio/common';
import type { Payout, PayoutStatus, PrismaClient } from '@partnerflow/db';
import { domainEventKey, NonRetryableFailure, type MarkPayoutPaidOutcome, type MarkPayoutPaidRequest } from '@partnerflow/domain';
import { LEDGER_TRANSACTION } from '../commission-ledger';
import { dispatchDomainEventsFromActivity } from '../events';
import { recordFailed, recordHeld, recordPaid, type Actor } from './payout-ledger';
import { BankFileProvider } from './providers/bank-file.provider';
import { ManualProvider } from './providers/manual.provider';
import type { DisbursementRequest, DisbursementResult, PaymentProvider, PaymentProviderName } from './providers/payment-provider';
import { currentActivity } from '../current-activity';

export type PaymentProviderRegistry = Partial<Record<PaymentProviderName, PaymentProvider>>;

export interface DisbursementOutcome {
  payoutId: string;
  /** `not_sent`: the payout was not approved (any more) when its turn came; `held`: its method changed since the gates. */
  outcome: 'paid' | 'pending' | 'failed' | 'held' | 'not_sent';
  status: PayoutStatus;
  /** Pending at a provider that settles by itself: when it suggests asking again. */
  recheckAfterSeconds?: number;
  /** Its payout.paid / payout.failed event, when the caller dispatches them (`eventsDispatchedBy: 'run'`). */
  eventIds?: string[];
}

/**
 * Who starts the dispatch of a disbursement's domain event: the activity, at once (one dispatch
 * workflow per payout), or the run, one batch per wave (domainEventBatchDispatchWorkflow).
 */
export type EventsDispatchedBy = 'activity' | 'run';

/** Providers that settle by themselves and are asked again; a manual or bank-file payout waits for finance. */
const SELF_SETTLING: readonly string[] = ['paypal', 'stripe'];
const SETTLED: readonly PayoutStatus[] = ['paid', 'failed', 'returned', 'held'];

/** Heartbeats while a provider call is in flight: a worker that dies mid-call is noticed in seconds, not at the timeout. */
const HEARTBEAT_MS = 5_000;
async function heartbeating<T>(work: () => Promise<T>): Promise<T> {
  const context = currentActivity();
  if (!context) return work(); // (called outside an activity: a test)
  const timer = setInterval(() => context.heartbeat(), HEARTBEAT_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

const outcomeOf = (payout: Payout): DisbursementOutcome => ({
  payoutId: payout.id,
  outcome: payout.status === 'paid' || payout.status === 'returned' ? 'paid' : payout.status === 'failed' ? 'failed' : payout.status === 'held' ? 'held' : payout.status === 'processing' ? 'pending' : 'not_sent',
  status: payout.status,
});

/**
 * Sending payouts through their providers, one activity per payout with the payout id as the
 * provider's idempotency key: a timeout or a crash anywhere before the result is recorded makes
 * Temporal run it again, the provider answers for the same key, and the result is recorded once
 * (every write is guarded by the status it moves from). Retryable provider trouble is thrown.
 */
export function createPayoutDisbursementActivities({ prisma, paymentProviders: given = {} }: { prisma: PrismaClient; paymentProviders?: PaymentProviderRegistry }) {
  // Manual and bank-file payouts need no credentials: they are always there, unless replaced.
  const paymentProviders: PaymentProviderRegistry = { manual: new ManualProvider(), 'bank-file': new BankFileProvider(), ...given };
  async function load(payoutId: string) {
    const payout = await prisma.payout.findUnique({ where: { id: payoutId } });
    if (!payout) throw ApplicationFailure.nonRetryable(`payout ${payoutId} does not exist`, NonRetryableFailure.NOT_FOUND);
    return payout;
  }

  /**
   * What the provider is sent. Before the first call (`approved`) a method changed since the gates
   * ran holds the payout; once it may have reached the provider (`processing`) it is sent as is.
   */
  async function requestOf(payout: Payout): Promise<DisbursementRequest | { held: string }> {
    const [partner, method] = await Promise.all([
      prisma.partner.findUniqueOrThrow({ where: { id: payout.partnerId }, select: { name: true, email: true, country: true } }),
      prisma.payoutMethod.findUnique({ where: { partnerId: payout.partnerId } }),
    ]);
    const changed = !method || method.type !== payout.method || method.changedAt > payout.createdAt;
    if (!method || (changed && payout.status === 'approved')) {
      return { held: 'the payout method was changed after this run checked it: held to protect you against account takeover, it goes out with the next run' };
    }
    return {
      payoutId: payout.id,
      programId: payout.programId,
      runId: payout.runId,
      partnerId: payout.partnerId,
      amountMinor: payout.amountMinor,
      currency: payout.currency,
      method: { type: method.type, details: (method.details ?? {}) as Record<string, unknown> },
      partner,
    };
  }

  /** The event ids go to their dispatch now, or back to the run that dispatches its wave's together. */
  async function handOver(eventIds: string[], by: EventsDispatchedBy): Promise<Pick<DisbursementOutcome, 'eventIds'>> {
    if (by === 'run') return eventIds.length > 0 ? { eventIds } : {};
    await dispatchDomainEventsFromActivity(eventIds);
    return {};
  }

  /** A retry finds the outcome recorded by an earlier attempt: the run is handed its event again (a second dispatch is a no-op). */
  async function recordedEvents(payout: Payout): Promise<Pick<DisbursementOutcome, 'eventIds'>> {
    const keys = [domainEventKey('payout.paid', payout.id), domainEventKey('payout.failed', payout.id)];
    const rows = await prisma.domainEvent.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true } });
    return rows.length > 0 ? { eventIds: rows.map((row) => row.id) } : {};
  }

  async function record(payout: Payout, result: DisbursementResult, actor: Actor, by: EventsDispatchedBy = 'activity'): Promise<DisbursementOutcome> {
    const events = await prisma.$transaction(async (tx) => {
      if (result.outcome === 'paid') {
        return recordPaid(tx, payout, { providerReference: result.providerReference ?? null, providerStatus: result.providerStatus, at: new Date(), actor });
      }
      if (result.outcome === 'failed') {
        return recordFailed(tx, payout, { providerStatus: result.providerStatus, reason: result.reason ?? result.providerStatus, providerReference: result.providerReference ?? null });
      }
      await tx.payout.updateMany({
        where: { id: payout.id, status: 'processing' },
        data: { providerStatus: result.providerStatus, ...(result.providerReference ? { providerReference: result.providerReference } : {}) },
      });
      return [];
    }, LEDGER_TRANSACTION);
    const handedOver = await handOver(events, by);
    const outcome = { ...outcomeOf(await load(payout.id)), ...handedOver };
    return outcome.outcome === 'pending' && result.recheckAfterSeconds !== undefined ? { ...outcome, recheckAfterSeconds: result.recheckAfterSeconds } : outcome;
  }

  function providerFor(payout: Payout): PaymentProvider | undefined {
    return payout.provider ? paymentProviders[payout.provider as PaymentProviderName] : undefined;
  }

  return {
    async disbursePayout({ payoutId, eventsDispatchedBy = 'activity' }: { payoutId: string; eventsDispatchedBy?: EventsDispatchedBy }): Promise<DisbursementOutcome> {
      let payout = await load(payoutId);
      if (payout.status !== 'approved' && payout.status !== 'processing') return eventsDispatchedBy === 'run' ? { ...outcomeOf(payout), ...(await recordedEvents(payout)) } : outcomeOf(payout);
      const request = await requestOf(payout);
      if ('held' in request) {
        await prisma.$transaction((tx) => recordHeld(tx, payout, request.held));
        return outcomeOf(await load(payoutId));
      }
      const provider = providerFor(payout);
      if (!provider) {
        const events = await prisma.$transaction((tx) => recordFailed(tx, payout, { providerStatus: 'not_configured', reason: `no payment provider "${payout.provider}" is configured` }));
        return { ...outcomeOf(await load(payoutId)), ...(await handOver(events, eventsDispatchedBy)) };
      }
      // Marked before the call: a crash after it leaves a trace, and the retry asks the provider again with the same key.
      await prisma.payout.updateMany({ where: { id: payoutId, status: 'approved' }, data: { status: 'processing' } });
      payout = await load(payoutId);
      if (payout.status !== 'processing') return outcomeOf(payout);
      const result = await heartbeating(() => provider.disburse(request));
      return record(payout, result, { actorType: 'system', actorId: payout.runId }, eventsDispatchedBy);
    },

    /**
     * Asks the providers that settle by themselves about the run's payouts still pending, oldest
     * check first. One payout's trouble does not stop the others: it is asked again next time.
     */
    async pollPendingPayouts({ runId, limit }: { runId: string; limit: number }): Promise<{ settled: DisbursementOutcome[]; stillPending: number; recheckAfterSeconds?: number }> {
      const pending = await prisma.payout.findMany({
        where: { runId, status: 'processing', provider: { in: [...SELF_SETTLING] }, providerReference: { not: null } },
        orderBy: { updatedAt: 'asc' },
        take: limit,
      });
      const settled: DisbursementOutcome[] = [];
      const rechecks: number[] = [];
      await heartbeating(async () => {
        for (const payout of pending) {
          const provider = providerFor(payout);
          const request = provider ? await requestOf(payout) : undefined;
          if (!provider || !request || 'held' in request) continue;
          try {
            const result = await provider.checkStatus(request, payout.providerReference!);
            const outcome = await record(payout, result, { actorType: 'system', actorId: runId });
            if (SETTLED.includes(outcome.status)) settled.push(outcome);
            else if (outcome.recheckAfterSeconds !== undefined) rechecks.push(outcome.recheckAfterSeconds);
          } catch {
            // (unavailable now; the payout stays pending and is asked again at the next poll)
          }
        }
      });
      const stillPending = await prisma.payout.count({ where: { runId, status: 'processing' } });
      return { settled, stillPending, ...(rechecks.length > 0 ? { recheckAfterSeconds: Math.min(...rechecks) } : {}) };
    },

    /** Finance paid a manual or bank-file payout and names the reference. */
    async settlePayoutManually(request: MarkPayoutPaidRequest & { at: string }): Promise<MarkPayoutPaidOutcome> {
      const payout = await load(request.payoutId);
      const manual = payout.provider === 'manual' || payout.provider === 'bank-file';
      if (payout.status !== 'processing' || !manual) return { payoutId: payout.id, outcome: 'not_pending', status: payout.status };
      const events = await prisma.$transaction(
        (tx) => recordPaid(tx, payout, { providerReference: request.reference, providerStatus: 'marked_paid', at: new Date(request.at), actor: { actorType: 'operator', actorId: request.operatorId } }),
        LEDGER_TRANSACTION,
      );
      await dispatchDomainEventsFromActivity(events);
      const after = await load(payout.id);
      return { payoutId: after.id, outcome: after.status === 'paid' ? 'paid' : 'not_pending', status: after.status };
    },

    /** A disbursement that failed for good without a provider answer (a bug, a damaged row): the balance stays the partner's. */
    async failPayout({ payoutId, reason }: { payoutId: string; reason: string }): Promise<DisbursementOutcome> {
      const payout = await load(payoutId);
      await dispatchDomainEventsFromActivity(await prisma.$transaction((tx) => recordFailed(tx, payout, { providerStatus: 'error', reason })));
      return outcomeOf(await load(payoutId));
    },
  };
}
