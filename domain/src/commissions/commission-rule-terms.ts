import type { CommissionRule, CommissionRuleType } from './commission-plan.schema';
import {
  flatTermsSchema,
  hybridTermsSchema,
  ibOverrideTermsSchema,
  milestoneTermsSchema,
  percentageTermsSchema,
  perLotTermsSchema,
  volumeBandsTermsSchema,
} from './commission-terms.schema';

/** The terms schema of each rule type: what byTier entries and partner overrides replace. */
export const TERMS_SCHEMAS = {
  flat: flatTermsSchema,
  percentage: percentageTermsSchema,
  hybrid: hybridTermsSchema,
  per_lot: perLotTermsSchema,
  volume_bands: volumeBandsTermsSchema,
  milestone_bonus: milestoneTermsSchema,
  ib_override: ibOverrideTermsSchema,
} as const satisfies Record<CommissionRuleType, unknown>;

export type TermsOf<T extends CommissionRuleType> = NonNullable<Extract<CommissionRule, { type: T }>['byTier']>[string];

const TERMS_KEYS = new Map<CommissionRuleType, readonly string[]>(
  Object.entries(TERMS_SCHEMAS).map(([type, schema]) => [type as CommissionRuleType, Object.keys(schema.shape)]),
);

/**
 * The rule as it applies with other terms: every terms field is replaced as a whole — a tier's
 * terms without `byCategory` mean no category rates, not the default's — and the scope (events,
 * tiers, recurring, measure, mode) stays the rule's.
 */
export function applyTerms<R extends CommissionRule>(rule: R, terms: TermsOf<R['type']>): R {
  const applied: Record<string, unknown> = { ...rule };
  for (const key of TERMS_KEYS.get(rule.type) ?? []) delete applied[key];
  Object.assign(applied, terms);
  return applied as R;
}
