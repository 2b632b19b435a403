import { z } from 'zod';
import { paragraphs, partnerVariables, type RenderedEmail } from '../notifications/email-body';

/**
 * The payout run's emails (seed 003: "payout processed", and what partners and finance must hear
 * when money does not go out). Registered in EMAIL_TEMPLATES, so they go through the one
 * idempotent email path and are recorded as messages. Kept here, not in email-templates.ts, so
 * the payout wording lives with the payout rules.
 */

const partner = partnerVariables;
const payout = partner.extend({
  amount: z.string().min(1).describe('"123.45 EUR"'),
  payoutId: z.string().min(1),
  periodEnd: z.string().min(1),
});
const withReason = payout.extend({ reason: z.string().min(1) });
const aboutPartner = withReason.extend({ partnerEmail: z.string().min(1), partnerId: z.string().min(1), provider: z.string().min(1) });

function toPartner<V extends z.ZodType<z.infer<typeof partner>>>(variables: V, compose: (v: z.infer<V>) => { subject: string; body: string[] }) {
  return {
    variables,
    render: (values: z.infer<V>): RenderedEmail => {
      const { subject, body } = compose(values);
      return { subject, ...paragraphs([`Hi ${values.partnerName},`, ...body, `— The ${values.programName} partner team`]) };
    },
  };
}

function toFinance<V extends z.ZodType<z.infer<typeof aboutPartner>>>(variables: V, compose: (v: z.infer<V>) => { subject: string; opening: string }) {
  return {
    variables,
    render: (values: z.infer<V>): RenderedEmail => {
      const { subject, opening } = compose(values);
      return {
        subject,
        ...paragraphs([
          opening,
          `Partner: ${values.partnerName} <${values.partnerEmail}> (${values.partnerId}). Payout ${values.payoutId}, provider ${values.provider}.`,
          `The amount is back on the partner's approved balance and goes out with the next payout run. Details: GET /v1/partners/${values.partnerId}/payouts.`,
          '— Partnerflow',
        ]),
      };
    },
  };
}

export const PAYOUT_EMAIL_TEMPLATES = {
  'payout.processed': toPartner(payout.extend({ reference: z.string().min(1) }), (v) => ({
    subject: `Payout processed: ${v.amount} (${v.programName})`,
    body: [
      `Your payout of ${v.amount} for the period up to ${v.periodEnd} has been paid (reference ${v.reference}).`,
      `Your statement lists every commission and reversal it covers: GET /v1/me/payouts/${v.payoutId}/statement, or in your partner dashboard.`,
    ],
  })),
  'payout.carried_over': toPartner(withReason, (v) => ({
    subject: `Your ${v.programName} balance carries over to the next payout`,
    body: [`No payout this time for the period up to ${v.periodEnd}: ${v.reason}.`, 'Nothing is lost: the balance stays on your account.'],
  })),
  'payout.held': toPartner(withReason, (v) => ({
    subject: `Action needed before your ${v.programName} payout of ${v.amount}`,
    body: [
      `Your payout of ${v.amount} for the period up to ${v.periodEnd} is on hold: ${v.reason}.`,
      'Once this is sorted out, the balance is paid with the next payout run.',
    ],
  })),
  'payout.skipped': toPartner(payout, (v) => ({
    subject: `Your ${v.programName} payout of ${v.amount} moves to the next run`,
    body: [`Your payout of ${v.amount} for the period up to ${v.periodEnd} was not approved in time for this run. The balance stays on your account and is paid with the next run.`],
  })),
  'payout.rejected': toPartner(payout, (v) => ({
    subject: `Your ${v.programName} payout of ${v.amount} was not approved`,
    body: [`Your payout of ${v.amount} for the period up to ${v.periodEnd} was not approved in this run. The balance stays on your account; reply to this email if you have questions.`],
  })),
  'payout.failed': toPartner(withReason, (v) => ({
    subject: `Your ${v.programName} payout of ${v.amount} did not go through`,
    body: [
      `We could not pay your payout of ${v.amount}: ${v.reason}.`,
      'The amount is back on your balance. Please check your payout method; it goes out with the next payout run.',
    ],
  })),
  'payout.returned': toPartner(withReason, (v) => ({
    subject: `Your ${v.programName} payout of ${v.amount} was returned`,
    body: [
      `The payment of your payout of ${v.amount} was returned to us: ${v.reason}.`,
      'The amount is back on your balance. Please check your payout method; it goes out with the next payout run.',
    ],
  })),
  'operator.payout_failed': toFinance(aboutPartner, (v) => ({
    subject: `Payout failed: ${v.partnerName}, ${v.amount} (${v.programName})`,
    opening: `The payout of ${v.amount} to ${v.partnerName} (period up to ${v.periodEnd}) failed at the provider: ${v.reason}.`,
  })),
  'operator.payout_returned': toFinance(aboutPartner, (v) => ({
    subject: `Payout returned: ${v.partnerName}, ${v.amount} (${v.programName})`,
    opening: `The paid payout of ${v.amount} to ${v.partnerName} (period up to ${v.periodEnd}) was returned: ${v.reason}.`,
  })),
} as const;

export type PayoutEmailTemplateName = keyof typeof PAYOUT_EMAIL_TEMPLATES;

/** The approvers' digest about a whole run (no partner to file it under, so it is not a message record). */
export function renderApproverDigest(input: {
  kind: 'requested' | 'reminder' | 'escalation';
  programName: string;
  runId: string;
  periodEnd: string;
  waiting: number;
  waitingHours: number;
}): RenderedEmail {
  const subjects = {
    requested: `Payouts to approve: ${input.waiting} in ${input.programName}'s run up to ${input.periodEnd}`,
    reminder: `Reminder: ${input.waiting} payouts have waited ${input.waitingHours} hours for approval (${input.programName})`,
    escalation: `Escalated: ${input.waiting} payouts have waited ${input.waitingHours} hours for approval (${input.programName})`,
  };
  return {
    subject: subjects[input.kind],
    ...paragraphs([
      `${input.waiting} payout(s) of the ${input.programName} payout run ${input.runId} wait for approval.`,
      `See them with GET /v1/payout-runs/${input.runId} or GET /v1/tasks?kind=payout_approval, and decide with POST /v1/payout-runs/${input.runId}/approvals {"decision": "approve" or "reject", "payoutIds": [...] (optional: all), "reason": "…"}.`,
      '— Partnerflow',
    ]),
  };
}
