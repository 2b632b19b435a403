import type { Commission, Conversion } from '@partnerflow/db';
import { domainEventKey, formatAmount, type DomainEventInput } from '@partnerflow/domain';

/**
 * Events that trigger the notification rules (seed 003's table), built where their facts are
 * written, for the same transaction: a milestone bonus earned (commission recording) and a
 * commission held for review because its conversion carries fraud flags.
 */

const ordinal = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th'}`;
};

interface MilestoneFacts {
  measure?: string;
  milestone?: string | number;
  rule?: { planRuleId?: string };
  steps?: string[];
}

/** "10th sale" for a count milestone, "revenue 1,000.00 EUR" for a revenue one (the engine's own words). */
export function milestoneText(explanation: unknown): string {
  const facts = (explanation ?? {}) as MilestoneFacts & { inputs?: MilestoneFacts };
  const reached = (facts.steps ?? []).map((step) => /^milestone reached: (.+) → bonus /.exec(step)?.[1]).find(Boolean);
  const count = reached && /^(.+) number (\d+)$/.exec(reached);
  if (count) return `${ordinal(Number(count[2]))} ${count[1]}`;
  if (reached) return reached;
  return `milestone ${String(facts.inputs?.milestone ?? '')}`.trim();
}

/** One `milestone.achieved` per milestone-bonus commission created (a conversion crossing two earns two). */
export const milestoneAchievedEvents = (commissions: Commission[]): DomainEventInput[] =>
  commissions
    .filter((commission) => commission.kind === 'milestone_bonus')
    .map((commission) => {
      const explanation = (commission.explanation ?? {}) as { inputs?: MilestoneFacts; rule?: { planRuleId?: string } };
      return {
        name: 'milestone.achieved',
        programId: commission.programId,
        partnerId: commission.partnerId,
        subject: { type: 'commission', id: commission.id },
        data: {
          milestone: milestoneText(commission.explanation),
          commissionId: commission.id,
          conversionId: commission.conversionId,
          ruleId: commission.ruleId,
          planRuleId: explanation.rule?.planRuleId ?? commission.ruleId.split('/')[0],
          measure: explanation.inputs?.measure ?? null,
          at: explanation.inputs?.milestone === undefined ? null : String(explanation.inputs.milestone),
          amount: { amount: formatAmount(commission.amountMinor, commission.currency), currency: commission.currency },
        },
        occurredAt: commission.createdAt,
        idempotencyKey: domainEventKey('milestone.achieved', commission.id),
      };
    });

/**
 * `traffic_quality.flagged` for the partner whose commissions of a flagged conversion wait for a
 * manual review: once per conversion and partner, `reason` the flags' messages.
 */
export const trafficQualityFlaggedEvent = (
  conversion: Conversion,
  partnerId: string,
  flags: { code: string; message: string }[],
  held: Commission[],
  asOf: Date,
): DomainEventInput => ({
  name: 'traffic_quality.flagged',
  programId: conversion.programId,
  partnerId,
  subject: { type: 'conversion', id: conversion.id },
  data: {
    reason: flags.length > 0 ? flags.map((flag) => flag.message).join('; ') : 'the conversion is flagged',
    flags: flags.map((flag) => flag.code),
    conversionId: conversion.id,
    conversionType: conversion.type,
    commissionIds: held.map((commission) => commission.id),
  },
  occurredAt: asOf,
  idempotencyKey: `traffic_quality.flagged:${conversion.id}:${partnerId}`,
});

/**
 * `commission_plan.updated` when an operator saves a new commission-plan version (api, in the
 * version's transaction). No partnerIds: every working partner of the program is affected (the
 * plan prices all their commissions from now on). `summary` completes the template's sentence
 * "…has been updated{{summary}}.", so it starts with its own words: " to version 3 (rules: …)".
 */
export function commissionPlanUpdatedEvent(version: { id: string; programId: string; version: number; createdAt: Date; document: unknown }): DomainEventInput {
  const plan = (version.document ?? {}) as { currency?: string; rules?: { id?: string; type?: string }[] };
  const rules = (plan.rules ?? []).map((rule) => `${rule.id ?? '?'} (${(rule.type ?? 'rule').replace(/_/g, ' ')})`);
  const shown = rules.slice(0, 10).join(', ') + (rules.length > 10 ? `, and ${rules.length - 10} more` : '');
  return {
    name: 'commission_plan.updated',
    programId: version.programId,
    subject: { type: 'config_version', id: version.id },
    data: {
      planVersion: version.version,
      configVersionId: version.id,
      currency: plan.currency ?? null,
      summary: ` to version ${version.version}${rules.length > 0 ? ` (rules: ${shown})` : ''}`,
    },
    occurredAt: version.createdAt,
    idempotencyKey: domainEventKey('commission_plan.updated', version.id),
  };
}
