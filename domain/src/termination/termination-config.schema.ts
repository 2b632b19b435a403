import { z } from 'zod';
import { emailTemplateNameSchema } from '../configs/config-fields.schema';

/** Termination policy: what the wind-down of a terminated partner settles, sends and keeps. */
export const terminationConfigSchema = z
  .object({
    finalPayout: z
      .boolean()
      .describe('pay the remaining approved balance in one final payout when the wind-down ends (false: no final payout is made)'),
    forfeitOnFraud: z
      .boolean()
      .default(true)
      .describe('when the termination is for fraud, pending and unpaid commissions are forfeited instead of paid'),
    finalStatementTemplate: emailTemplateNameSchema
      .default('termination.final_statement')
      .describe('email template of the final statement sent at the end of the wind-down'),
    dataRetentionDays: z
      .number()
      .int()
      .min(0)
      .max(3650)
      .describe("days the partner's personal data is kept after termination before it is erased"),
  })
  .strict()
  .describe('termination and wind-down policy');

export type TerminationConfig = z.infer<typeof terminationConfigSchema>;
