import { z } from 'zod';
import type { ErrorDetail } from '../errors';
import { termsIssues } from './commission-plan.checks';
import { ruleIdSchema, type CommissionPlan } from './commission-plan.schema';
import { applyTerms, type TermsOf } from './commission-rule-terms';
import {
  flatTermsSchema,
  hybridTermsSchema,
  ibOverrideTermsSchema,
  milestoneTermsSchema,
  percentageTermsSchema,
  perLotTermsSchema,
  volumeBandsTermsSchema,
} from './commission-terms.schema';

/**
 * A partner's own deal: per rule id, terms that replace the tier's and the program's for that
 * partner (the top of the precedence). `type` repeats the rule's type so an override written
 * for a flat CPA can never be read as a percentage after the plan changes.
 */
export const commissionOverrideSchema = z.discriminatedUnion('type', [
  flatTermsSchema.extend({ type: z.literal('flat') }),
  percentageTermsSchema.extend({ type: z.literal('percentage') }),
  hybridTermsSchema.extend({ type: z.literal('hybrid') }),
  perLotTermsSchema.extend({ type: z.literal('per_lot') }),
  volumeBandsTermsSchema.extend({ type: z.literal('volume_bands') }),
  milestoneTermsSchema.extend({ type: z.literal('milestone_bonus') }),
  ibOverrideTermsSchema.extend({ type: z.literal('ib_override') }),
]);
export type CommissionOverride = z.infer<typeof commissionOverrideSchema>;

export const commissionOverridesSchema = z
  .record(ruleIdSchema, commissionOverrideSchema)
  .describe("per rule id, the partner's own terms (partner override > tier > program default)");
export type CommissionOverrides = z.infer<typeof commissionOverridesSchema>;

/** The override's terms, without its `type` tag. */
export function overrideTerms(override: CommissionOverride): TermsOf<CommissionOverride['type']> {
  const { type: _type, ...terms } = override;
  return terms as TermsOf<CommissionOverride['type']>;
}

/**
 * What is wrong with a partner's overrides under a plan, by path (`<ruleId>.amount`): an unknown
 * rule, a type that is not the rule's, or terms the plan would refuse. An override the plan no
 * longer has a rule for is harmless to the engine (it is never read), but is reported so an
 * operator can clean it up.
 */
export function overrideProblems(plan: CommissionPlan, overrides: CommissionOverrides): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [ruleId, override] of Object.entries(overrides)) {
    const rule = plan.rules.find((candidate) => candidate.id === ruleId);
    if (!rule) {
      problems.push({ path: ruleId, message: `the plan has no rule "${ruleId}"` });
    } else if (rule.type !== override.type) {
      problems.push({ path: `${ruleId}.type`, message: `rule "${ruleId}" is a ${rule.type} rule, not ${override.type}` });
    } else {
      const issues = termsIssues(applyTerms(rule, overrideTerms(override)), plan.currency);
      problems.push(...issues.map((issue) => ({ path: [ruleId, ...issue.path].join('.'), message: issue.message })));
    }
  }
  return problems;
}
