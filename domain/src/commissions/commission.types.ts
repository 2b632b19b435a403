import { z } from 'zod';
import type { ConversionType } from '../tracking/conversion-report.schema';
import type { CommissionOverrides } from './commission-overrides.schema';
import type { CommissionPlan } from './commission-plan.schema';
import type { FxRateUsed, FxSnapshot } from './fx-conversion';

/**
 * What the commission engine reads and writes. Amounts are bigint minor units; explanations are
 * plain JSON (amounts written as "12.34 EUR") so the ledger can store them as they are.
 */

/** One conversion line, already scaled to this partner's share of the conversion. */
export interface CommissionLineFacts {
  category?: string;
  instrument?: string;
  /** Decimal text, up to 8 decimals (2-decimal lots × a ppm share stay exact). */
  lots?: string;
  /** The line's part of the share's amount, in the conversion's currency. */
  amountMinor?: bigint;
}

export interface CommissionInput {
  plan: CommissionPlan;
  planVersion: number;
  conversion: {
    id: string;
    type: ConversionType;
    /** This partner's share of the amount (≥ 0); null for events without an amount (lead, signup). */
    amountMinor: bigint | null;
    currency: string | null;
    lines: readonly CommissionLineFacts[];
    occurredAt: Date;
    /** For recurring limits: this customer's commissions with this partner before this one; null without a customer id. */
    customer: { firstCommissionAt: Date | null; commissionCount: number } | null;
  };
  partner: { id: string; tier: string | null; overrides: CommissionOverrides };
  /** The partner's totals in the plan period before this conversion, in the plan currency. */
  period: {
    byType: Partial<Record<ConversionType, { count: number; revenueMinor: bigint }>>;
    commissionMinor: bigint;
  };
  /** Masters of the converting partner, nearest first: upline[0] earns ib_override level 1. */
  upline: readonly string[];
  /** Rates into the plan currency; required when the conversion is in another currency. */
  fx?: FxSnapshot;
}

export const COMMISSION_LINE_KINDS = ['flat', 'percentage', 'per_lot', 'volume_band', 'band_top_up', 'milestone_bonus', 'ib_override'] as const;
export type CommissionLineKind = (typeof COMMISSION_LINE_KINDS)[number];

/** Which terms applied: the precedence is partner override > tier > program default. */
export const TERMS_SOURCES = ['partner_override', 'tier', 'program_default'] as const;
export type TermsSource = (typeof TERMS_SOURCES)[number];

export const commissionExplanationSchema = z
  .object({
    planVersion: z.number().int(),
    rule: z
      .object({
        ruleId: z.string().describe('the line\'s rule id: the plan rule id, or "<id>/<part>" for rules that pay several lines'),
        planRuleId: z.string(),
        type: z.string(),
        termsSource: z.enum(TERMS_SOURCES),
        tier: z.string().nullable().describe('the tier whose terms applied, or the partner\'s tier when none did'),
      })
      .strict(),
    inputs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    steps: z.array(z.string()).describe('each computation step with its intermediate amounts, in order'),
  })
  .strict();
export type CommissionExplanation = z.infer<typeof commissionExplanationSchema>;

/** One commission. Its business key is (conversionId, partnerId, ruleId). */
export interface CommissionLine {
  conversionId: string;
  partnerId: string;
  /**
   * Stable across plan versions as long as the plan keeps the rule's id: the rule id itself, or
   * for rules that pay several lines "<id>/flat" and "<id>/percentage" (hybrid), "<id>/top-up"
   * (retroactive band re-pricing), "<id>/at-<at>" (a milestone) and "<id>/level-<n>" (the
   * level-n IB master). Rule ids cannot contain "/", so these never collide.
   */
  ruleId: string;
  kind: CommissionLineKind;
  /** In `currency`: the conversion's currency for amount-based lines, the plan currency for flat ones. */
  amountMinor: bigint;
  currency: string;
  /** What the partner is owed, in the plan currency: the amount the ledger books. */
  payoutAmountMinor: bigint;
  payoutCurrency: string;
  /** Present when `currency` differs from `payoutCurrency`. */
  fxRate?: FxRateUsed;
  explanation: CommissionExplanation;
}

export const SKIP_REASONS = [
  'event_not_covered',
  'tier_not_eligible',
  'recurring_over',
  'no_amount',
  'no_matching_lines',
  'no_upline',
  'no_top_up',
  'milestone_not_reached',
  'zero_amount',
  'cap_reached',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A rule (or part of one) that paid nothing, and why. */
export interface SkippedCommission {
  partnerId: string;
  ruleId: string;
  reason: SkipReason;
  message: string;
}

export interface CommissionComputation {
  conversionId: string;
  planVersion: number;
  payoutCurrency: string;
  /** Non-zero lines: the converting partner's first, in plan order, then the IB masters'. */
  lines: CommissionLine[];
  skipped: SkippedCommission[];
}
