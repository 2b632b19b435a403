import { z } from 'zod';
import { EMAIL_TEMPLATES, isEmailTemplateName, type EmailTemplateName } from '../notifications/email-templates';

/**
 * Building blocks shared by the operator config schemas: delays given in exactly one unit, and
 * email template names checked against the templates the engine can render, so a config naming
 * a template that does not exist is refused when it is saved, not when the email is due.
 */

const MINUTES_PER_UNIT = { Days: 24 * 60, Hours: 60, Minutes: 1 } as const;
type Unit = keyof typeof MINUTES_PER_UNIT;
const UNITS = Object.keys(MINUTES_PER_UNIT) as Unit[];

/** Ten years, in the unit given: longer than any drip or policy should wait. */
const MAX_DELAY_MINUTES = 3650 * MINUTES_PER_UNIT.Days;
const amount = (unit: Unit, what: string) =>
  z.number().int().min(0).max(MAX_DELAY_MINUTES / MINUTES_PER_UNIT[unit]).optional().describe(what);

/** `afterDays | afterHours | afterMinutes`: spread into an object schema, then `.superRefine(exactlyOneDelay('after'))`. */
export const afterDelayFields = {
  afterDays: amount('Days', 'whole days after the reference time (give exactly one of afterDays, afterHours, afterMinutes)'),
  afterHours: amount('Hours', 'hours after the reference time (instead of afterDays)'),
  afterMinutes: amount('Minutes', 'minutes after the reference time (instead of afterDays)'),
};

/** `withinDays | withinHours | withinMinutes`, with `.superRefine(exactlyOneDelay('within'))`. */
export const withinDelayFields = {
  withinDays: amount('Days', 'how many days to wait (give exactly one of withinDays, withinHours, withinMinutes)'),
  withinHours: amount('Hours', 'how many hours to wait (instead of withinDays)'),
  withinMinutes: amount('Minutes', 'how many minutes to wait (instead of withinDays)'),
};

type DelayPrefix = 'after' | 'within';
type DelayValues = Partial<Record<`${DelayPrefix}${Unit}`, number>>;

export function exactlyOneDelay(prefix: DelayPrefix) {
  return (value: DelayValues, ctx: z.RefinementCtx): void => {
    const given = UNITS.filter((unit) => value[`${prefix}${unit}`] !== undefined);
    if (given.length !== 1) {
      const names = UNITS.map((unit) => `${prefix}${unit}`);
      ctx.addIssue({
        code: 'custom',
        path: [given[1] ? `${prefix}${given[1]}` : names[0]],
        message: `give exactly one of ${names.join(', ')}`,
      });
    }
  };
}

/** The delay in minutes (a validated value has exactly one unit). */
export function delayMinutes(value: DelayValues, prefix: DelayPrefix): number {
  const unit = UNITS.find((candidate) => value[`${prefix}${candidate}`] !== undefined) ?? 'Minutes';
  return (value[`${prefix}${unit}`] ?? 0) * MINUTES_PER_UNIT[unit];
}

export const emailTemplateNameSchema = z
  .string()
  .refine((name): name is EmailTemplateName => isEmailTemplateName(name), {
    message: `is not a known email template (known: ${Object.keys(EMAIL_TEMPLATES).join(', ')})`,
  })
  .describe('name of an email template the engine can render, e.g. "onboarding.top_pages"');
