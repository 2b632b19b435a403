import type { AttributionConfigInput, PayoutPolicyInput, ScreeningConfig } from '@partnerflow/domain';

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
  // Applications in review: the demo's reviewer inbox is the dev mail sink (npm run dev).
  review: {
    reviewerEmails: ['partners@demo.partnerflow.local'],
    remindAfterHours: 24,
    escalateAfterHours: 72,
    escalationEmails: [],
    onDeadline: 'keep_waiting',
  },
};

/** Partner links may point anywhere on example.com; the last click within 30 days wins. */
export const DEMO_ATTRIBUTION_CONFIG: AttributionConfigInput = {
  model: 'last_click',
  windowDays: 30,
  allowedDomains: ['example.com'],
  clickIdParam: 'pf_click',
  cookieName: 'pf_click',
};

/**
 * Monthly payouts on the 1st (06:00 UTC) of the month before, paid by hand by finance (the `manual`
 * provider for every method), from 10.00 EUR; above 100.00 a finance approval, from 1,000.00 two.
 */
export const DEMO_PAYOUT_POLICY: PayoutPolicyInput = {
  currency: 'EUR',
  timeZone: 'UTC',
  schedule: { type: 'monthly', dayOfMonth: 1, hour: 6 },
  methods: {
    manual: { provider: 'manual', minimum: '10.00' },
    bank_transfer: { provider: 'manual', minimum: '10.00' },
    paypal: { provider: 'manual', minimum: '10.00' },
    stripe: { provider: 'manual', minimum: '10.00' },
  },
  approval: {
    autoApproveBelow: '100.00',
    twoApproversFrom: '1000.00',
    approverEmails: ['finance@demo.partnerflow.local'],
    remindAfterHours: 24,
    escalateAfterHours: 72,
    onNoApproval: 'remind',
  },
  financeEmails: ['finance@demo.partnerflow.local'],
};
