import type { z } from 'zod';
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
