import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { conversionReportSchema, conversionTypeSchema, moneyViewSchema } from '@partnerflow/domain';

export class ConversionReportDto extends createZodDto(conversionReportSchema) {}

export const conversionIdParamsSchema = z.object({ conversionId: z.string().min(1).max(64) });
export class ConversionIdParamsDto extends createZodDto(conversionIdParamsSchema) {}

const shareSchema = z.object({
  partnerId: z.string(),
  touchId: z.string().describe('the credited click (clk_…) or coupon (cpn_…)'),
  touchKind: z.enum(['click', 'coupon']),
  sharePpm: z.number().int().describe('parts per million of the conversion; a conversion\'s shares sum to exactly 1000000'),
  amount: moneyViewSchema.nullable().describe("this share of the conversion's amount; shares sum exactly to it"),
});

const fraudFlagSchema = z.object({
  code: z.string(),
  message: z.string(),
  evidence: z.record(z.string(), z.union([z.string(), z.number()])),
});

const candidateSchema = z.object({
  touchId: z.string(),
  kind: z.enum(['click', 'coupon']),
  partnerId: z.string(),
  at: z.string(),
  counted: z.boolean(),
  sharePpm: z.number().int(),
  reason: z.string().describe('why this touch earned what it earned, with the numbers'),
});

export const conversionRecordedSchema = z.object({
  conversionId: z.string().describe('cnv_… id'),
  repeat: z.boolean().describe('true when this (externalId, type) had been recorded before: these are the first result\'s ids'),
  type: conversionTypeSchema,
  externalId: z.string(),
  outcome: z.enum(['attributed', 'recurring', 'inherited', 'unattributed']),
  partnerId: z.string().nullable().describe('the partner with the largest share'),
  amount: moneyViewSchema.nullable(),
  shares: z.array(shareSchema),
  flags: z.array(fraudFlagSchema).describe('fraud signals raised at ingestion; flagged commissions can be held for review'),
});
export class ConversionRecordedDto extends createZodDto(conversionRecordedSchema) {}

export const conversionDetailSchema = conversionRecordedSchema.omit({ repeat: true }).extend({
  programId: z.string(),
  source: z.enum(['postback', 'event']),
  occurredAt: z.iso.datetime(),
  receivedAt: z.iso.datetime(),
  clickId: z.string().nullable(),
  couponCode: z.string().nullable(),
  customerId: z.string().nullable(),
  refersToId: z.string().nullable().describe('refund/chargeback: the conversion it takes back'),
  commissionStatus: z.enum(['pending', 'processed', 'not_applicable']),
  attribution: z.object({
    summary: z.string(),
    model: z.string().nullable(),
    configVersion: z.number().int().nullable().describe('the attribution config version that decided it (null: defaults)'),
    candidates: z.array(candidateSchema).describe('every touch considered, in time order'),
    notes: z.array(z.string()),
    recurring: z
      .object({ conversionId: z.string(), partnerId: z.string(), attributedAt: z.string(), windowDays: z.number() })
      .optional(),
    reverses: z.object({ conversionId: z.string(), externalId: z.string(), type: z.string() }).optional(),
  }),
});
export class ConversionDetailDto extends createZodDto(conversionDetailSchema) {}
