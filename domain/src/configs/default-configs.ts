import type { z } from 'zod';
import type { CommissionPlanInput } from '../commissions/commission-plan.schema';
import type { HoldConfigInput } from '../commissions/hold-config.schema';
import type { onboardingConfigSchema } from '../onboarding/onboarding-config.schema';
import type { reengagementConfigSchema } from '../reengagement/reengagement-config.schema';
import type { terminationConfigSchema } from '../termination/termination-config.schema';

/**
 * Starting points a program can adopt as they are. Onboarding: seed 002's sequence (day 0
 * welcome, day 2 top pages and assets, day 7 webinar, day 14 case studies, day 21 check-in) with
 * seed 001's nudge for a partner without a click 14 days after approval.
 */
export const DEFAULT_ONBOARDING_CONFIG: z.input<typeof onboardingConfigSchema> = {
  steps: [
    { type: 'email', template: 'partner.welcome', afterDays: 0 },
    { type: 'email', template: 'onboarding.top_pages', afterDays: 2 },
    { type: 'email', template: 'onboarding.webinar', afterDays: 7 },
    {
      type: 'wait_for',
      event: 'first_click',
      withinDays: 14,
      else: [{ type: 'email', template: 'onboarding.no_click_nudge', afterDays: 14 }],
    },
    { type: 'email', template: 'onboarding.case_studies', afterDays: 14 },
    { type: 'email', template: 'onboarding.check_in', afterDays: 21 },
  ],
};

/** Seed 002's re-engagement recipe: 30 days quiet → snapshot, challenge, check-in → at risk. */
export const DEFAULT_REENGAGEMENT_CONFIG: z.input<typeof reengagementConfigSchema> = {
  inactivityDays: 30,
  steps: [
    { type: 'performance_snapshot', afterDays: 0 },
    { type: 'challenge', afterDays: 3, targetReferrals: 3, withinDays: 14, reward: 'a €50 bonus' },
    { type: 'check_in', afterDays: 17, notifyManager: true },
  ],
  outcome: 'at_risk',
  cycleCooldownDays: 60,
};

export const DEFAULT_TERMINATION_CONFIG: z.input<typeof terminationConfigSchema> = {
  finalPayout: true,
  forfeitOnFraud: true,
  finalStatementTemplate: 'termination.final_statement',
  dataRetentionDays: 730,
};

/** The starting plan: 10% of every sale and a flat bounty per signup, paid in EUR. */
export const DEFAULT_COMMISSION_PLAN: CommissionPlanInput = {
  currency: 'EUR',
  period: 'month',
  rules: [
    { id: 'sale-revshare', type: 'percentage', description: '10% of every sale', events: ['sale'], rate: '10' },
    { id: 'signup-bounty', type: 'flat', description: 'a flat bounty per signup', events: ['signup'], amount: '5.00' },
  ],
};

/**
 * Money events wait out a 30-day refund window; leads and signups have nothing to refund and
 * are approved at once. Commissions of flagged conversions wait for a person, reminded daily.
 */
export const DEFAULT_HOLD_CONFIG: HoldConfigInput = {
  defaultDays: 30,
  daysByType: { sale: 30, deposit: 30, renewal: 30, lead: 0, signup: 0, trial_start: 0 },
  flagged: { type: 'manual_review', reminderHours: 24, expireAfterHours: 168, onExpiry: 'keep_waiting' },
  negativeBalance: 'carry_over',
};
