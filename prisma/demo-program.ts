import type { ScreeningConfig } from '@partnerflow/domain';

/** The `demo` program a fresh install is seeded with. */
export const DEMO_PROGRAM = { slug: 'demo', name: 'Demo Partner Program' } as const;

/** Auto-approves a complete application; disposable emails and sanctioned countries are rejected. */
export const DEMO_SCREENING_CONFIG: ScreeningConfig = {
  rules: [
    {
      id: 'complete-application',
      type: 'required_fields',
      fields: ['website_or_channels'],
      outcome: 'review',
    },
    {
      id: 'no-disposable-email',
      type: 'blocked_email_domains',
      domains: ['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'tempmail.com'],
      outcome: 'reject',
    },
    {
      id: 'sanctioned-countries',
      type: 'country_deny',
      countries: ['CU', 'IR', 'KP', 'SY'],
      outcome: 'reject',
    },
  ],
  whenAllRulesPass: 'approve',
};
