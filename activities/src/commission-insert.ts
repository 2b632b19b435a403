import type { Commission, Conversion, OperatorTask, Prisma } from '@partnerflow/db';
import {
  commissionHoldWorkflowId,
  fraudFlagSchema,
  holdDaysFor,
  holdDecision,
  moneyText,
  newId,
  type CommissionableEvent,
  type CommissionLine,
  type CommissionReviewExpiry,
} from '@partnerflow/domain';
import { versionLabel, type CommissionConfigs } from './commission-configs';
import { appendEntries, ledgerKeys } from './commission-ledger';
import type { RecordedCommission } from './commission-recording.activities';

type Db = Prisma.TransactionClient;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The engine's explanation plus the hold: config versions, days, until when, or why a person decides. */
function explanationOf(line: CommissionLine, configs: CommissionConfigs, hold: { days: number; until: Date; review: boolean }): Prisma.InputJsonValue {
  const { explanation } = line;
  const steps = [...explanation.steps];
  if (configs.planVersion === null) steps.unshift('priced under the built-in default plan: the program has no commission-plan version');
  steps.push(
    hold.review
      ? `conversion flagged: waits for a manual review (hold config ${versionLabel(configs.holdVersion)}); its hold would have ended ${hold.until.toISOString()}`
      : `held ${hold.days} day(s) (hold config ${versionLabel(configs.holdVersion)}): pending until ${hold.until.toISOString()}`,
  );
  return {
    ...explanation,
    inputs: { ...explanation.inputs, holdConfigVersion: configs.holdVersion, holdDays: hold.days, holdUntil: hold.until.toISOString(), manualReview: hold.review },
    steps,
  };
}

/** The conversion's fraud flags as the review task and the `traffic_quality.flagged` event name them. */
export function flagsOf(conversion: Conversion): { code: string; message: string }[] {
  const parsed = fraudFlagSchema.array().safeParse(conversion.fraudFlags);
  return parsed.success ? parsed.data.map(({ code, message }) => ({ code, message })) : [];
}

/**
 * Inserts the lines as pending commissions with their `commission_created` entries, and for a
 * flagged conversion under a manual-review policy their review tasks — in the caller's
 * transaction, so a commission waiting for review never exists without its open task (the
 * release guard reads the task). Business keys make every insert a no-op when repeated.
 */
export async function insertCommissions(
  db: Db,
  { conversion, partnerId, lines, configs, asOf }: { conversion: Conversion; partnerId: string; lines: CommissionLine[]; configs: CommissionConfigs; asOf: Date },
): Promise<RecordedCommission[]> {
  if (lines.length === 0) return [];
  const type = conversion.type as CommissionableEvent;
  const decision = holdDecision(configs.hold, { type, occurredAt: conversion.occurredAt, flagged: conversion.flagged });
  const days = holdDaysFor(configs.hold, type);
  const hold = { days, until: new Date(conversion.occurredAt.getTime() + days * DAY_MS), review: decision.type === 'manual_review' };
  await db.commission.createMany({
    data: lines.map((line) => ({
      id: newId('commission'),
      programId: conversion.programId,
      partnerId,
      conversionId: conversion.id,
      ruleId: line.ruleId,
      kind: line.kind,
      amountMinor: line.payoutAmountMinor,
      currency: line.payoutCurrency,
      originalAmountMinor: line.amountMinor,
      originalCurrency: line.currency,
      fxRate: line.fxRate?.rate ?? null,
      planVersion: configs.planVersion,
      explanation: explanationOf(line, configs, hold),
      flagged: conversion.flagged,
      holdUntil: hold.until,
    })),
    skipDuplicates: true,
  });
  const stored = await db.commission.findMany({ where: { conversionId: conversion.id, partnerId }, orderBy: { id: 'asc' } });
  await appendEntries(
    db,
    stored.map((commission) => ({
      programId: commission.programId,
      partnerId,
      commissionId: commission.id,
      conversionId: conversion.id,
      kind: 'commission_created' as const,
      account: 'pending' as const,
      amountMinor: commission.amountMinor,
      currency: commission.currency,
      idempotencyKey: ledgerKeys.created(conversion.id, partnerId, commission.ruleId),
      explanation: { planVersion: configs.planVersion, holdConfigVersion: configs.holdVersion, ruleId: commission.ruleId, holdUntil: hold.until.toISOString() },
    })),
  );
  if (decision.type === 'manual_review') {
    const { reminderHours, expireAfterHours, onExpiry } = decision.policy;
    const flags = flagsOf(conversion);
    await db.operatorTask.createMany({
      data: stored.map((commission) => ({
        id: newId('task'),
        kind: 'commission_review' as const,
        partnerId,
        workflowId: commissionHoldWorkflowId(partnerId),
        subjectKey: commission.id,
        commissionId: commission.id,
        summary: `commission ${moneyText(commission.amountMinor, commission.currency)} (rule ${commission.ruleId}) of flagged ${conversion.type} ${conversion.id}`,
        reasons: flags.map((flag) => ({ rule: flag.code, type: 'fraud_flag', reason: flag.message, outcome: 'review' })),
        configVersion: configs.holdVersion,
        openedAt: asOf,
        remindAt: new Date(asOf.getTime() + reminderHours * HOUR_MS),
        deadlineAt: expireAfterHours === undefined ? null : new Date(asOf.getTime() + expireAfterHours * HOUR_MS),
        onDeadline: expireAfterHours === undefined ? null : onExpiry,
      })),
      skipDuplicates: true,
    });
  }
  return recordedCommissionsOf(db, conversion.id, partnerId);
}

function reviewOf(task: OperatorTask | undefined): RecordedCommission['review'] {
  if (!task || task.status !== 'open') return null;
  const reasons = Array.isArray(task.reasons) ? task.reasons.map((reason) => String((reason as { reason?: unknown }).reason ?? '')).filter(Boolean) : [];
  return {
    taskId: task.id,
    openedAt: task.openedAt.toISOString(),
    reminderHours: task.remindAt ? Math.round((task.remindAt.getTime() - task.openedAt.getTime()) / HOUR_MS) : 24,
    expiresAt: task.deadlineAt?.toISOString() ?? null,
    onExpiry: (task.onDeadline ?? 'keep_waiting') as CommissionReviewExpiry,
    reasons: reasons.length > 0 ? reasons.join('; ') : 'the conversion is flagged',
  };
}

const recorded = (commission: Commission, task: OperatorTask | undefined): RecordedCommission => ({
  commissionId: commission.id,
  status: commission.status,
  holdUntil: commission.holdUntil.toISOString(),
  flagged: commission.flagged,
  amount: moneyText(commission.amountMinor, commission.currency),
  review: reviewOf(task),
});

/** The partner's commissions of a conversion as stored, with their open review tasks: a retry's answer. */
export async function recordedCommissionsOf(db: Db, conversionId: string, partnerId: string): Promise<RecordedCommission[]> {
  const commissions = await db.commission.findMany({ where: { conversionId, partnerId }, orderBy: { id: 'asc' } });
  if (commissions.length === 0) return [];
  const tasks = await db.operatorTask.findMany({ where: { kind: 'commission_review', commissionId: { in: commissions.map((c) => c.id) } } });
  return commissions.map((commission) => recorded(commission, tasks.find((task) => task.commissionId === commission.id)));
}
