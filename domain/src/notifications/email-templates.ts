import { z } from 'zod';
import { PAYOUT_EMAIL_TEMPLATES } from '../payouts/payout-email-templates';
import { ENGAGEMENT_EMAIL_TEMPLATES } from '../reengagement/engagement-email-templates';
import { paragraphs, partnerVariables, type RenderedEmail } from './email-body';

export type { RenderedEmail } from './email-body';

interface EmailTemplate<V extends z.ZodType> {
  variables: V;
  render(variables: z.infer<V>): RenderedEmail;
}

function template<V extends z.ZodType>(definition: EmailTemplate<V>): EmailTemplate<V> {
  return definition;
}

/** Greeting, paragraphs, sign-off: the shape of the drip and policy emails operators configure. */
function partnerNote<V extends z.ZodType<z.infer<typeof partnerVariables>>>(
  variables: V,
  compose: (values: z.infer<V>) => { subject: string; body: string[] },
): EmailTemplate<V> {
  return template({
    variables,
    render: (values) => {
      const { subject, body } = compose(values);
      return {
        subject,
        ...paragraphs([`Hi ${values.partnerName},`, ...body, `— The ${values.programName} partner team`]),
      };
    },
  });
}

/** Emails to the program's operators about a partner's application (reviewers, escalation). */
const applicationReviewVariables = partnerVariables.extend({
  partnerEmail: z.string().min(1),
  partnerId: z.string().min(1),
  reasons: z.string().min(1),
});
const waitingReviewVariables = applicationReviewVariables.extend({ waitingHours: z.string().min(1) });

function operatorNote<V extends z.ZodType<z.infer<typeof applicationReviewVariables>>>(
  variables: V,
  compose: (values: z.infer<V>) => { subject: string; opening: string },
): EmailTemplate<V> {
  return template({
    variables,
    render: (values) => {
      const { subject, opening } = compose(values);
      return {
        subject,
        ...paragraphs([
          opening,
          `Why it is in review: ${values.reasons}.`,
          `Decide with POST /v1/partners/${values.partnerId}/review {"decision": "approve" or "reject", "reason": "…"}. Every application waiting for a decision is listed by GET /v1/tasks.`,
          '— Partnerflow',
        ]),
      };
    },
  });
}

/** An onboarding drip's `notify_manager` step: the operator's own words about one partner. */
const onboardingNotificationVariables = partnerVariables.extend({
  partnerEmail: z.string().min(1),
  partnerId: z.string().min(1),
  message: z.string().min(1),
});

/** Flagged commissions waiting for an operator (the hold workflow's review tasks). */
const commissionReviewVariables = partnerVariables.extend({
  partnerEmail: z.string().min(1),
  partnerId: z.string().min(1),
  commissions: z.string().min(1).describe('one line per commission: id, amount, task id'),
  reasons: z.string().min(1).describe("the conversion's fraud flags"),
});

function commissionReviewNote(values: z.infer<typeof commissionReviewVariables>, subject: string, opening: string): RenderedEmail {
  return {
    subject,
    ...paragraphs([
      opening,
      `Flags: ${values.reasons}.`,
      `Waiting: ${values.commissions}.`,
      'Decide each with POST /v1/tasks/<task id>/decision {"decision": "approve" or "reject", "reason": "…"}. Every task waiting for a decision is listed by GET /v1/tasks.',
      '— Partnerflow',
    ]),
  };
}

/** The templates workflows may send by name. Variables are validated before rendering. */
export const EMAIL_TEMPLATES = {
  'partner.welcome': template({
    variables: partnerVariables,
    render: ({ partnerName, programName }) => ({
      subject: `Welcome to the ${programName} partner program`,
      ...paragraphs([
        `Hi ${partnerName},`,
        `Your application to the ${programName} partner program has been approved. Welcome aboard!`,
        'Your next steps: create your first tracking link, pick the assets that fit your audience, and read the program terms.',
        `— The ${programName} partner team`,
      ]),
    }),
  }),
  'partner.rejected': template({
    variables: partnerVariables.extend({ reason: z.string().min(1) }),
    render: ({ partnerName, programName, reason }) => ({
      subject: `Your application to the ${programName} partner program`,
      ...paragraphs([
        `Hi ${partnerName},`,
        `Thank you for applying to the ${programName} partner program. We are unable to accept your application at this time.`,
        `Reason: ${reason}.`,
        `— The ${programName} partner team`,
      ]),
    }),
  }),
  'partner.under_review': template({
    variables: partnerVariables,
    render: ({ partnerName, programName }) => ({
      subject: `We received your application to the ${programName} partner program`,
      ...paragraphs([
        `Hi ${partnerName},`,
        `Thanks for applying to the ${programName} partner program. A member of our team is reviewing your application and will get back to you soon.`,
        `— The ${programName} partner team`,
      ]),
    }),
  }),
  'operator.review_requested': operatorNote(applicationReviewVariables, (v) => ({
    subject: `Application to review: ${v.partnerName} (${v.programName})`,
    opening: `${v.partnerName} <${v.partnerEmail}> applied to the ${v.programName} partner program, and the screening rules ask for a human review.`,
  })),
  'operator.review_reminder': operatorNote(waitingReviewVariables, (v) => ({
    subject: `Reminder: ${v.partnerName} is waiting for a review (${v.programName})`,
    opening: `${v.partnerName} <${v.partnerEmail}> has waited ${v.waitingHours} hours for a decision on their application to the ${v.programName} partner program.`,
  })),
  'operator.review_escalated': operatorNote(waitingReviewVariables, (v) => ({
    subject: `Escalated: ${v.partnerName} has waited ${v.waitingHours} hours for a review (${v.programName})`,
    opening: `The application of ${v.partnerName} <${v.partnerEmail}> to the ${v.programName} partner program has waited ${v.waitingHours} hours without a decision, so it is escalated to you.`,
  })),
  'operator.onboarding_notification': template({
    variables: onboardingNotificationVariables,
    render: (v) => ({
      subject: `Onboarding: ${v.partnerName} (${v.programName})`,
      ...paragraphs([
        v.message,
        `Partner: ${v.partnerName} <${v.partnerEmail}> (${v.partnerId}), in onboarding with the ${v.programName} partner program. What they have been sent so far: GET /v1/partners/${v.partnerId}/messages.`,
        "— Partnerflow, for a notify_manager step of the program's onboarding drip",
      ]),
    }),
  }),
  'onboarding.top_pages': partnerNote(partnerVariables, ({ programName }) => ({
    subject: `Your best starting points in the ${programName} partner program`,
    body: [
      'Partners who get their first referral early usually start with the pages that already convert well. Here is where to begin:',
      'Our three best-converting landing pages, with suggested copy for each, and the best-performing banners are in your partner dashboard under Resources.',
      'Create a tracking link for the page that suits your audience best, and you are ready to go.',
    ],
  })),
  'onboarding.webinar': partnerNote(partnerVariables, ({ programName }) => ({
    subject: `Quick-start webinar and office hours for ${programName} partners`,
    body: [
      'If you have twenty minutes, our quick-start webinar recording walks through tracking links, commissions and the assets that work best. You will find it in your partner dashboard.',
      'Prefer to ask us directly? Book a slot in our partner office hours and we will go through your setup with you.',
    ],
  })),
  'onboarding.case_studies': partnerNote(partnerVariables, ({ programName }) => ({
    subject: `How other ${programName} partners succeed`,
    body: [
      'We have collected case studies from partners with audiences like yours: what they promoted, where they placed their links, and what it earned them.',
      'You will find them, together with our partner spotlights, in your partner dashboard under Resources.',
    ],
  })),
  'onboarding.check_in': partnerNote(partnerVariables, ({ programName }) => ({
    subject: `How is it going with the ${programName} partner program?`,
    body: [
      'You joined the program a few weeks ago, so we wanted to check in.',
      'If you have not had the chance to get started, reply to this email and tell us what is in the way — setup, creatives or tracking — and we will help. If you are already live, thank you: your results are in your partner dashboard.',
    ],
  })),
  'onboarding.no_click_nudge': partnerNote(partnerVariables, ({ programName }) => ({
    subject: `Need a hand getting started with ${programName}?`,
    body: [
      'We have not seen any clicks on your tracking links yet. That usually means something small is in the way.',
      'Reply to this email and a member of our partner team will help you create your first link, choose creatives or check your tracking. Most setups take less than ten minutes.',
    ],
  })),
  'reengagement.performance_snapshot': partnerNote(
    // The numbers come from the re-engagement cycle (last `recentDays` days); without them the email still reads well.
    partnerVariables.extend({
      recentDays: z.string().optional(),
      clicks: z.string().optional(),
      conversions: z.string().optional(),
      referredRevenue: z.string().optional().describe('"120.00 EUR"'),
      lastActivity: z.string().optional().describe('"a click on 2026-02-01"'),
    }),
    ({ programName, recentDays, clicks, conversions, referredRevenue, lastActivity }) => ({
      subject: `Your ${programName} partner snapshot`,
      body: [
        'It has been a while since we saw activity on your links, so here is a quick snapshot to help you pick things up again.',
        ...(clicks !== undefined && conversions !== undefined
          ? [`Your last ${recentDays ?? '90'} days: ${clicks} clicks, ${conversions} conversions${referredRevenue ? `, ${referredRevenue} referred revenue` : ''}.${lastActivity ? ` Your latest activity: ${lastActivity}.` : ''}`]
          : []),
        'Your recent highlights are summarised in your partner dashboard, next to a fresh asset pack with our newest creatives and best-converting pages.',
      ],
    }),
  ),
  'reengagement.challenge': partnerNote(
    partnerVariables.extend({
      // (coerced: workflows pass email variables as text)
      targetReferrals: z.coerce.number().int().min(1),
      withinDays: z.coerce.number().int().min(1),
      reward: z.string().min(1),
    }),
    ({ programName, targetReferrals, withinDays, reward }) => ({
      subject: `A ${programName} partner challenge: ${targetReferrals} ${targetReferrals === 1 ? 'referral' : 'referrals'}, ${reward}`,
      body: [
        `Refer ${targetReferrals} qualified ${targetReferrals === 1 ? 'lead' : 'leads'} in the next ${withinDays} days and you earn ${reward} on top of your regular commissions.`,
        'Your tracking links and our latest assets are ready in your partner dashboard. Good luck!',
      ],
    }),
  ),
  'reengagement.check_in': partnerNote(partnerVariables, ({ programName }) => ({
    subject: `Checking in from the ${programName} partner team`,
    body: [
      'Your partner account has been quiet lately, and we wanted to check in.',
      'Is there anything that would help — different creatives, another offer, a question about commissions? Reply to this email and a member of our team will get back to you personally.',
    ],
  })),
  'termination.final_statement': partnerNote(
    partnerVariables.extend({
      endedOn: z.string().min(1).default('today').describe('the date the termination took effect'),
      balanceSummary: z.string().min(1).default('see your partner dashboard').describe('sums per account and currency, from the ledger'),
      settlement: z.string().min(1).default('Commissions earned up to the end date are settled according to the program terms.'),
    }),
    ({ programName, endedOn, balanceSummary, settlement }) => ({
      subject: `Your final statement from the ${programName} partner program`,
      body: [
        `Your participation in the ${programName} partner program ended on ${endedOn}.`,
        `Your balance: ${balanceSummary}.`,
        `${settlement} Your final statement, listing every commission and payout, is available in your partner dashboard.`,
        'Thank you for the work you put into the partnership.',
      ],
    }),
  ),
  // Seed 003's trigger table: "Commission approved → partner: earned commission cleared review".
  'commission.approved': partnerNote(
    partnerVariables.extend({ approvedCount: z.string().min(1), approvedTotal: z.string().min(1) }),
    ({ programName, approvedCount, approvedTotal }) => ({
      subject: `Commission approved: ${approvedTotal} (${programName})`,
      body: [
        `${approvedCount === '1' ? 'One commission has' : `${approvedCount} commissions have`} cleared review and ${approvedCount === '1' ? 'is' : 'are'} now approved: ${approvedTotal} in total.`,
        'Approved commissions are paid with the next payout. Each one, with how it was computed, is listed in your partner dashboard.',
      ],
    }),
  ),
  'operator.commission_review_requested': template({
    variables: commissionReviewVariables,
    render: (v) => commissionReviewNote(v, `Commission review: ${v.partnerName} (${v.programName})`, `A conversion credited to ${v.partnerName} <${v.partnerEmail}> carries fraud flags, so its commissions wait for your decision instead of releasing when their hold ends.`),
  }),
  'operator.commission_review_reminder': template({
    variables: commissionReviewVariables.extend({ waitingHours: z.string().min(1) }),
    render: (v) => commissionReviewNote(v, `Reminder: commissions of ${v.partnerName} have waited ${v.waitingHours} hours for review (${v.programName})`, `These flagged commissions of ${v.partnerName} <${v.partnerEmail}> have waited ${v.waitingHours} hours for a decision.`),
  }),
  ...PAYOUT_EMAIL_TEMPLATES,
  ...ENGAGEMENT_EMAIL_TEMPLATES,
} as const;

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATES;

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.prototype.hasOwnProperty.call(EMAIL_TEMPLATES, name);
}

/** Throws a zod error naming the bad variable rather than sending a half-filled email. */
export function renderEmail(name: EmailTemplateName, variables: unknown): RenderedEmail {
  const definition = EMAIL_TEMPLATES[name] as EmailTemplate<z.ZodType>;
  return definition.render(definition.variables.parse(variables));
}

/** Attempts before an email is marked failed; shared by the workflow's retry policy and the activity. */
export const EMAIL_MAX_ATTEMPTS = 8;
