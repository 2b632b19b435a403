import { z } from 'zod';
import {
  afterDelayFields,
  delayMinutes,
  emailTemplateNameSchema,
  exactlyOneDelay,
  withinDelayFields,
} from '../configs/config-fields.schema';
import { EMAIL_TEMPLATES, isEmailTemplateName } from '../notifications/email-templates';

/**
 * A program's onboarding drip (seed 002's day 0/2/7/14/21 sequence, seed 001's 14-day no-click
 * nudge): steps keyed on `type`, every delay counted from the partner's approval.
 */

export const onboardingEventSchema = z
  .enum(['first_click', 'first_conversion'])
  .describe("the partner's first tracked click, or first conversion");
export type OnboardingEvent = z.infer<typeof onboardingEventSchema>;

export const emailConditionSchema = z
  .enum(['always', 'no_click', 'no_conversion'])
  .describe('send always, or only if the partner has no click / no conversion yet when the email is due');
export type EmailCondition = z.infer<typeof emailConditionSchema>;

/**
 * A drip email knows only the partner's and the program's names, so it may name only templates
 * that need nothing more; anything else (a rejection's reason, an operator notice) is refused
 * when saved rather than failing at every retry when due.
 */
const dripEmailTemplateSchema = emailTemplateNameSchema.refine(
  (name) =>
    !isEmailTemplateName(name) ||
    EMAIL_TEMPLATES[name].variables.safeParse({ partnerName: 'partner', programName: 'program' }).success,
  { message: "needs more than the partner's and program's names, which is all an onboarding email can fill in" },
);

const emailStepSchema = z
  .object({
    type: z.literal('email'),
    template: dripEmailTemplateSchema,
    ...afterDelayFields,
    when: emailConditionSchema.default('always'),
  })
  .strict()
  .superRefine(exactlyOneDelay('after'))
  .describe('send the partner an email, the given time after approval');

const notifyManagerStepSchema = z
  .object({
    type: z.literal('notify_manager'),
    message: z.string().trim().min(1).max(1000).describe("what the partner's manager is told"),
    ...afterDelayFields,
  })
  .strict()
  .superRefine(exactlyOneDelay('after'))
  .describe("notify the partner's manager, the given time after approval");

/** What may run when a wait ends without the event: no nested waits, so a plan stays readable. */
export const onboardingBranchStepSchema = z.discriminatedUnion('type', [emailStepSchema, notifyManagerStepSchema], {
  error: 'must be an email or notify_manager step (a wait_for cannot be nested)',
});

const waitForStepSchema = z
  .object({
    type: z.literal('wait_for'),
    event: onboardingEventSchema,
    ...withinDelayFields,
    else: z
      .array(onboardingBranchStepSchema)
      .min(1)
      .max(20)
      .describe('steps run only if the event has not happened by the deadline; their delays also count from approval'),
  })
  .strict()
  .superRefine(exactlyOneDelay('within'))
  .superRefine((step, ctx) => {
    const deadline = delayMinutes(step, 'within');
    step.else.forEach((branchStep, index) => {
      if (delayMinutes(branchStep, 'after') < deadline) {
        ctx.addIssue({
          code: 'custom',
          path: ['else', index],
          message: 'runs before the wait ends: its delay (counted from approval) must not be shorter than the wait',
        });
      }
    });
  })
  .describe('watch for the event until the deadline (counted from approval); if it has not happened, run `else`');

export const onboardingStepSchema = z.discriminatedUnion('type', [emailStepSchema, waitForStepSchema, notifyManagerStepSchema], {
  error: 'must be an email, wait_for or notify_manager step',
});

export const onboardingConfigSchema = z
  .object({
    steps: z
      .array(onboardingStepSchema)
      .max(50)
      .describe('the drip, each step timed from approval; later steps do not wait for a wait_for to end'),
  })
  .strict()
  .describe('onboarding drip run for every approved partner');

export type OnboardingConfig = z.infer<typeof onboardingConfigSchema>;
export type OnboardingStep = z.infer<typeof onboardingStepSchema>;
export type OnboardingBranchStep = z.infer<typeof onboardingBranchStepSchema>;
