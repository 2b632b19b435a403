import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { moneyViewSchema } from '@partnerflow/domain';
import { pageSchema } from '../common/http/pagination';

const statusSchema = z.enum(['pending', 'approved', 'paid', 'reversed', 'rejected']);

export const commissionSchema = z.object({
  id: z.string().describe('com_… id'),
  programId: z.string(),
  partnerId: z.string(),
  conversionId: z.string(),
  ruleId: z.string().describe('the plan rule that produced it; with conversion and partner, its business key'),
  kind: z.string(),
  amount: moneyViewSchema.describe("in the program's payout currency"),
  originalAmount: moneyViewSchema.describe("in the conversion's currency"),
  fxRate: z.string().nullable().describe('the rate snapshot used, when the currencies differ'),
  planVersion: z.number().int().nullable(),
  status: statusSchema,
  flagged: z.boolean().describe('its conversion carried fraud flags: it waits for a review'),
  holdUntil: z.iso.datetime(),
  reversed: moneyViewSchema.describe('taken back so far by refunds and chargebacks'),
  createdAt: z.iso.datetime(),
  approvedAt: z.iso.datetime().nullable(),
});
export class CommissionPageDto extends createZodDto(pageSchema(commissionSchema)) {}

export const commissionDetailSchema = commissionSchema.extend({
  explanation: z.record(z.string(), z.unknown()).describe('plan version, rule, inputs and every intermediate amount'),
  entries: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      account: z.enum(['pending', 'approved', 'paid']),
      amount: moneyViewSchema,
      reversesEntryId: z.string().nullable(),
      conversionId: z.string().nullable().describe('the refund or chargeback behind a reversal'),
      createdAt: z.iso.datetime(),
    }),
  ),
});
export class CommissionDetailDto extends createZodDto(commissionDetailSchema) {}

export const balanceSchema = z.object({
  partnerId: z.string(),
  currencies: z.array(
    z.object({
      currency: z.string(),
      pending: moneyViewSchema.describe('in hold'),
      approved: moneyViewSchema.describe('earned and payable (may be negative: reversals after payout carried over)'),
      paid: moneyViewSchema,
      negativeCarryOver: moneyViewSchema.describe('what the next payouts must first make up (0 or negative)'),
    }),
  ),
});
export class BalanceDto extends createZodDto(balanceSchema) {}

export const reconciliationSchema = z.object({
  programId: z.string(),
  checkedAt: z.iso.datetime(),
  commissions: z.number().int(),
  entries: z.number().int(),
  orphanEntries: z.number().int().describe('entries moving commission money without naming a commission'),
  differences: z.array(
    z.object({
      commissionId: z.string(),
      partnerId: z.string(),
      status: z.string(),
      expected: moneyViewSchema,
      ledger: moneyViewSchema,
      expectedPending: moneyViewSchema,
      ledgerPending: moneyViewSchema,
    }),
  ),
  balanced: z.boolean().describe('true when there is no difference and no orphan entry'),
});
export class ReconciliationDto extends createZodDto(reconciliationSchema) {}

export class CommissionIdParamsDto extends createZodDto(z.object({ commissionId: z.string().min(1).max(64) })) {}
