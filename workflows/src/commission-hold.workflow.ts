import { allHandlersFinished, condition, continueAsNew, isCancellation, log, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  commissionHoldStateQuery,
  commissionReviewDecisionSchema,
  commissionReviewDecisionSignal,
  conversionCreditedSchema,
  conversionCreditedSignal,
  type CommissionHoldInput,
  type HoldSignal,
} from '@partnerflow/domain';
import { ledgerActivities } from './activity-proxies';
import { approvalStep, sendCommissionsApproved, tellReviewers, type HoldContext } from './commission-notices';
import { advanceReviews, decideReview, reviewWaitOf } from './commission-reviews';
import { HoldQueue } from './hold-queue';

/** Bounds on one run's history; past either, the run continues as new with what is pending. */
const DEFAULT_CONVERSIONS_PER_RUN = 500;
const HISTORY_EVENTS_PER_RUN = 10_000;
/** Commissions approved per activity: keeps each payload well under Temporal's 2 MB limit. */
const RELEASE_BATCH = 1_000;

/** The sandbox's Date is the workflow clock: deterministic, and skipped ahead by the test server. */
const workflowNow = () => Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Every pending commission of one partner (`holds-<partnerId>`): conversions crediting the
 * partner arrive as signals and become commissions (or reverse earlier ones); the workflow keeps
 * them ordered by release time and sleeps on one timer until the earliest, then approves all that
 * are due in one activity. Flagged commissions wait for an operator's decision instead, with
 * reminders and an expiry rule. It continues as new to stay bounded, and completes when nothing
 * is pending and no signal waits — the next conversion starts it again (signalWithStart).
 */
export async function commissionHoldWorkflow(input: CommissionHoldInput): Promise<void> {
  const context: HoldContext = {
    partnerId: input.partnerId,
    programId: input.programId,
    workflowId: workflowInfo().workflowId,
    queue: HoldQueue.from(input.carried),
  };
  const { queue } = context;
  const inbox: HoldSignal[] = [...(input.carried?.unprocessed ?? [])];
  const conversionsPerRun = input.conversionsPerRun ?? DEFAULT_CONVERSIONS_PER_RUN;
  let conversionsProcessed = 0;

  setHandler(conversionCreditedSignal, (payload) => {
    const parsed = conversionCreditedSchema.safeParse(payload);
    if (parsed.success) inbox.push({ signal: 'conversionCredited', ...parsed.data });
    else log.warn('conversionCredited signal ignored: invalid payload', { error: parsed.error.message });
  });
  setHandler(commissionReviewDecisionSignal, (payload) => {
    const parsed = commissionReviewDecisionSchema.safeParse(payload);
    if (parsed.success) inbox.push({ signal: 'commissionReviewDecision', ...parsed.data });
    else log.warn('commissionReviewDecision signal ignored: invalid payload', { error: parsed.error.message });
  });
  setHandler(commissionHoldStateQuery, () => ({
    partnerId: input.partnerId,
    programId: input.programId,
    pending: queue.view(),
    nextWakeAt: queue.nextWakeAt(),
    queuedSignals: inbox.length,
    conversionsProcessed,
  }));

  const runIsFull = () =>
    conversionsProcessed >= conversionsPerRun || workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= HISTORY_EVENTS_PER_RUN;

  for (;;) {
    while (inbox.length > 0 && !runIsFull()) {
      const signal = inbox.shift()!;
      if (signal.signal === 'conversionCredited') {
        await recordConversion(context, signal.conversionId);
        conversionsProcessed += 1;
      } else {
        const { signal: _kind, ...decision } = signal;
        await decideReview(context, decision, workflowNow());
      }
    }
    // Releases and review timers run every pass, so a flood of signals never starves them.
    await releaseDue(context, workflowNow());
    await advanceReviews(context, workflowNow());

    if (runIsFull()) break;
    if (queue.isEmpty() && inbox.length === 0) {
      await condition(allHandlersFinished);
      // (no await between this check and the return: a signal arriving now is in `inbox`)
      if (inbox.length === 0) return;
      continue;
    }
    if (inbox.length > 0) continue;
    const wakeAt = queue.nextWakeAt();
    const wait = wakeAt === null ? null : Date.parse(wakeAt) - workflowNow();
    if (wait === null) await condition(() => inbox.length > 0);
    else if (wait > 0) await condition(() => inbox.length > 0, wait);
  }

  await condition(allHandlersFinished);
  await continueAsNew<typeof commissionHoldWorkflow>({
    partnerId: input.partnerId,
    programId: input.programId,
    ...(input.conversionsPerRun === undefined ? {} : { conversionsPerRun: input.conversionsPerRun }),
    carried: { ...queue.snapshot(), unprocessed: inbox },
  });
}

/** A conversion crediting the partner: its new commissions join the hold, fully reversed ones leave it. */
async function recordConversion(context: HoldContext, conversionId: string): Promise<void> {
  const nowMs = workflowNow();
  let recorded;
  try {
    recorded = await ledgerActivities.recordCommissionsForConversion({ conversionId, partnerId: context.partnerId, asOf: iso(nowMs) });
  } catch (error) {
    if (isCancellation(error)) throw error;
    // Only non-retryable failures get here (a missing conversion, a damaged config): the others are held on.
    log.warn('conversion not recorded', { conversionId, error: (error as Error).message });
    return;
  }
  const newReviews = [];
  for (const commission of recorded.created) {
    if (commission.status !== 'pending') continue;
    if (commission.review) {
      const review = reviewWaitOf(commission, commission.review);
      if (context.queue.startReview(review)) newReviews.push(review);
    } else {
      context.queue.hold({ commissionId: commission.commissionId, holdUntil: commission.holdUntil, flagged: commission.flagged });
    }
  }
  for (const reversal of recorded.reversed) {
    if (reversal.status !== 'pending') context.queue.remove(reversal.commissionId);
  }
  if (newReviews.length > 0) {
    await tellReviewers(context, { template: 'operator.commission_review_requested', reviews: newReviews, step: `commission-review-requested:${conversionId}`, nowMs });
  }
}

/** Approves every held commission due by now, in batches of RELEASE_BATCH, then tells the partner once. */
async function releaseDue(context: HoldContext, nowMs: number): Promise<void> {
  const due = context.queue.takeDue(iso(nowMs));
  if (due.length === 0) return;
  const ids = due.map((commission) => commission.commissionId);
  const totals = new Map<string, bigint>();
  let approvedCount = 0;
  for (let start = 0; start < ids.length; start += RELEASE_BATCH) {
    const result = await ledgerActivities.approveDueCommissions({ partnerId: context.partnerId, commissionIds: ids.slice(start, start + RELEASE_BATCH), asOf: iso(nowMs) });
    approvedCount += result.approvedCount;
    for (const total of result.approvedTotals) totals.set(total.currency, (totals.get(total.currency) ?? 0n) + BigInt(total.amountMinor));
    if (result.notApproved.length > 0) log.info('due commissions not approved', { notApproved: result.notApproved.slice(0, 20), count: result.notApproved.length });
  }
  await sendCommissionsApproved(context, approvalStep(ids), approvedCount, totals);
}
