import { DomainError, ErrorCode } from '../errors';
import { overrideTerms } from './commission-overrides.schema';
import { checkRecurring } from './commission-period';
import type { CommissionPlan, CommissionRule } from './commission-plan.schema';
import { applyTerms } from './commission-rule-terms';
import type { CommissionExplanation, CommissionInput, SkipReason, TermsSource } from './commission.types';

/**
 * Which rules pay on a conversion, and with whose terms. Scope comes from the rule alone
 * (events, onlyTiers, recurring limit); terms follow the documented precedence —
 * partner override > the partner's tier's terms > the program default. An override or a tier
 * changes what a rule pays, never whom or when it pays: a partner outside `onlyTiers` earns
 * nothing from that rule even with an override for it.
 */

export interface ResolvedRule<R extends CommissionRule = CommissionRule> {
  /** The rule with the terms that apply. */
  rule: R;
  termsSource: TermsSource;
  /** The tier whose terms applied, else the partner's tier (or null). */
  tier: string | null;
  recurringNote: string;
}

export type RuleScopeCheck = { applies: true; resolved: ResolvedRule } | { applies: false; reason: SkipReason; message: string };

export function resolveRule(rule: CommissionRule, input: CommissionInput): RuleScopeCheck {
  const { conversion, partner, plan } = input;
  if (!(rule.events as readonly string[]).includes(conversion.type)) {
    return { applies: false, reason: 'event_not_covered', message: `pays on ${rule.events.join(', ')}, not ${conversion.type}` };
  }
  const tier = knownTier(plan, partner.tier);
  if (rule.onlyTiers && (tier === null || !rule.onlyTiers.includes(tier))) {
    return { applies: false, reason: 'tier_not_eligible', message: `pays only tiers ${rule.onlyTiers.join(', ')}; the partner's tier is ${partner.tier ?? 'none'}` };
  }
  const recurring = checkRecurring(rule.recurring, conversion);
  if (!recurring.eligible) return { applies: false, reason: 'recurring_over', message: recurring.message };

  const override = partner.overrides[rule.id];
  if (override) {
    if (override.type !== rule.type) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `partner ${partner.id}'s override of "${rule.id}" is ${override.type}, but the rule is ${rule.type}`, [
        { path: `overrides.${rule.id}.type`, message: `must be ${rule.type}` },
      ]);
    }
    return applies(applyTerms(rule, overrideTerms(override)), 'partner_override', tier, recurring.note);
  }
  const tierTerms = tier === null ? undefined : rule.byTier?.[tier];
  if (tierTerms) return applies(applyTerms(rule, tierTerms), 'tier', tier, recurring.note);
  return applies(rule, 'program_default', tier, recurring.note);
}

const applies = (rule: CommissionRule, termsSource: TermsSource, tier: string | null, recurringNote: string): RuleScopeCheck => ({
  applies: true,
  resolved: { rule, termsSource, tier, recurringNote },
});

/** A tier the plan does not declare prices nothing: the partner gets the program default. */
function knownTier(plan: CommissionPlan, tier: string | null): string | null {
  return tier !== null && plan.tiers.includes(tier) ? tier : null;
}

/** How an explanation names the rule: "<line rule id>" with the plan rule and the terms' source. */
export function explainedRule(resolved: ResolvedRule, ruleId: string, partnerTier: string | null): CommissionExplanation['rule'] {
  return {
    ruleId,
    planRuleId: resolved.rule.id,
    type: resolved.rule.type,
    termsSource: resolved.termsSource,
    tier: resolved.tier ?? partnerTier,
  };
}

/** "terms: tier gold" — the first step of every line. */
export function termsStep(resolved: ResolvedRule): string {
  const source =
    resolved.termsSource === 'partner_override'
      ? "the partner's override"
      : resolved.termsSource === 'tier'
        ? `tier ${resolved.tier}`
        : 'the program default';
  return `rule "${resolved.rule.id}" with the terms of ${source}; ${resolved.recurringNote}`;
}
