import { z } from 'zod';
import { paragraphs, partnerVariables, type RenderedEmail } from '../notifications/email-body';

/**
 * The lifecycle's engagement emails beyond the re-engagement steps' own: tier promotion and
 * demotion for the partner, and the check-in request for the program's managers. Registered in
 * EMAIL_TEMPLATES, so they go through the one idempotent email path and are recorded as
 * messages; kept here with the tier and re-engagement rules they speak for.
 */

const partner = partnerVariables;
const tierChange = partner.extend({
  tier: z.string().min(1).describe('the new tier'),
  previousTier: z.string().min(1).describe('the tier before, or "none"'),
  reason: z.string().min(1).describe('what the period measured, e.g. "2026-03: 12 conversions, reaching silver\'s minimum of 10"'),
});
const checkIn = partner.extend({
  partnerEmail: z.string().min(1),
  partnerId: z.string().min(1),
  quietSince: z.string().min(1).describe('the last activity, in words'),
  cycle: z.string().min(1),
});

function toPartner<V extends z.ZodType<z.infer<typeof partner>>>(variables: V, compose: (v: z.infer<V>) => { subject: string; body: string[] }) {
  return {
    variables,
    render: (values: z.infer<V>): RenderedEmail => {
      const { subject, body } = compose(values);
      return { subject, ...paragraphs([`Hi ${values.partnerName},`, ...body, `— The ${values.programName} partner team`]) };
    },
  };
}

export const ENGAGEMENT_EMAIL_TEMPLATES = {
  'tier.promoted': toPartner(tierChange, (v) => ({
    subject: `You are now ${v.tier} in the ${v.programName} partner program`,
    body: [
      `Congratulations: your results moved you up from ${v.previousTier} to ${v.tier}.`,
      `Why: ${v.reason}.`,
      'What your new tier earns is listed with your commission terms in your partner dashboard.',
    ],
  })),
  'tier.demoted': toPartner(tierChange, (v) => ({
    subject: `Your ${v.programName} partner tier is now ${v.tier}`,
    body: [
      `Your partner tier changed from ${v.previousTier} to ${v.tier}.`,
      `Why: ${v.reason}.`,
      'Your tier is evaluated again at the end of every period, and reaching a higher minimum moves you up at once. Reply to this email if we can help.',
    ],
  })),
  'operator.reengagement_check_in': {
    variables: checkIn,
    render: (v: z.infer<typeof checkIn>): RenderedEmail => ({
      subject: `Check in with ${v.partnerName}: quiet since ${v.quietSince} (${v.programName})`,
      ...paragraphs([
        `${v.partnerName} <${v.partnerEmail}> (${v.partnerId}) has had no click or conversion since ${v.quietSince}. Re-engagement cycle ${v.cycle} has sent its snapshot and challenge without a response, so a personal check-in is due.`,
        `The task is in GET /v1/tasks?kind=partner_check_in and closes by itself when the partner is active again. What they were sent: GET /v1/partners/${v.partnerId}/timeline.`,
        '— Partnerflow, for a check_in step of the program\'s re-engagement policy',
      ]),
    }),
  },
} as const;
