import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { moneyViewSchema, PAYOUT_RUN_PHASES } from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';
import { programRefSchema } from '../programs/programs.schemas';

const timestamp = z.iso.datetime();
const payoutStatusSchema = z
  .enum(['carried_over', 'held', 'awaiting_approval', 'approved', 'rejected', 'skipped', 'processing', 'paid', 'failed', 'returned'])
  .describe('carried_over (below the minimum or negative), held (tax form or payout method), awaiting_approval, approved, rejected, skipped (not approved in time), processing (at the provider), paid, failed (the provider refused: back on the balance), returned (paid, then came back)');
const gateSchema = z.object({ outcome: z.enum(['passed', 'failed', 'flagged']), reason: z.string() });

export const payoutSchema = z
  .object({
    id: z.string().describe('pay_… id: also the idempotency key of every provider call'),
    runId: z.string(),
    partner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    amount: moneyViewSchema.describe('the approved balance up to the cutoff (negative: carried over)'),
    status: payoutStatusSchema,
    statusReason: z.string().nullable().describe('why the money does not go out now, as the partner was told'),
    gates: z
      .object({ minimum: gateSchema, tax: gateSchema, payoutMethod: gateSchema, fraud: gateSchema.describe('flagged: a person must approve') })
      .nullable(),
    approvals: z.object({
      required: z.number().int(),
      reasons: z.array(z.string()),
      given: z.array(z.object({ approverId: z.string(), decision: z.enum(['approve', 'reject']), reason: z.string().nullable(), at: timestamp })),
    }),
    method: z.enum(['manual', 'bank_transfer', 'paypal', 'stripe']).nullable(),
    provider: z.string().nullable(),
    providerReference: z.string().nullable(),
    providerStatus: z.string().nullable().describe("the provider's own status word"),
    failureReason: z.string().nullable().describe("the provider's reason for a failure, or why it was returned"),
    createdAt: timestamp,
    paidAt: timestamp.nullable(),
    returnedAt: timestamp.nullable(),
  });
export class PayoutDto extends createZodDto(payoutSchema) {}
export class PayoutPageDto extends createZodDto(pageSchema(payoutSchema)) {}

export const payoutRunSchema = z.object({
  id: z.string().describe('payout-<programId>-<periodEnd>: the run workflow id too'),
  programId: z.string(),
  periodEnd: z.iso.date().describe("the period's last day in the program's time zone"),
  cutoffAt: timestamp.describe('approved entries created up to this instant are in the run'),
  currency: z.string(),
  policyVersion: z.number().int().describe('payout config version (0: the built-in default)'),
  status: z.enum(PAYOUT_RUN_PHASES),
  trigger: z.string().describe('schedule or manual'),
  requestedBy: z.string().nullable(),
  createdAt: timestamp,
  completedAt: timestamp.nullable(),
  totals: z
    .array(z.object({ status: payoutStatusSchema, payouts: z.number().int(), amount: moneyViewSchema }))
    .describe('payouts and their sum per status'),
  payouts: pageSchema(payoutSchema).describe('the payouts, by id; ?limit=&cursor= pages them, ?status= filters'),
});
export class PayoutRunDto extends createZodDto(payoutRunSchema) {}

export class StartPayoutRunDto extends createZodDto(
  z
    .object({
      periodEnd: z.iso
        .date()
        .optional()
        .describe("the period's last day (up to today; today pays what is approved up to now); default: the last whole period of the schedule"),
    })
    .strict(),
) {}

export class PayoutDecisionDto extends createZodDto(
  z
    .object({
      payoutIds: z.array(z.string().min(1).max(64)).min(1).max(20_000).optional().describe('default: every payout of the run waiting for approval'),
      decision: z.enum(['approve', 'reject']),
      reason: z.string().trim().min(1).max(2000).optional().describe('required to reject'),
    })
    .strict()
    .refine((body) => body.decision === 'approve' || body.reason !== undefined, { path: ['reason'], message: 'is required to reject' }),
) {}

export const payoutDecisionResultSchema = z.object({
  runId: z.string(),
  approved: z.array(z.string()).describe('fully approved now: they go to their provider'),
  awaitingAnotherApproval: z.array(z.string()).describe('approved by you; another approver must approve too'),
  rejected: z.array(z.string()),
});
export class PayoutDecisionResultDto extends createZodDto(payoutDecisionResultSchema) {}

export class MarkPayoutPaidDto extends createZodDto(
  z.object({ reference: z.string().trim().min(1).max(200).describe('the payment reference: cheque number, bank transfer id') }).strict(),
) {}
export class ReturnPayoutDto extends createZodDto(
  z.object({ reason: z.string().trim().min(1).max(2000).describe("why the payment came back, as the bank or provider said") }).strict(),
) {}

export class PayoutRunParamsDto extends createZodDto(z.object({ runId: z.string().min(1).max(200) })) {}
export class PayoutParamsDto extends createZodDto(z.object({ payoutId: z.string().min(1).max(64) })) {}
export class ProgramRunParamsDto extends createZodDto(z.object({ programId: programRefSchema })) {}
export class PayoutRunQueryDto extends createZodDto(paginationQuerySchema.extend({ status: payoutStatusSchema.optional() })) {}
