import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { currencyCodeSchema, fxRateBatchSchema } from '@partnerflow/domain';
import { pageSchema, paginationQuerySchema } from '../common/http/pagination';

export class PutFxRatesDto extends createZodDto(fxRateBatchSchema) {}

export const fxRateQuerySchema = paginationQuerySchema.extend({
  base: currencyCodeSchema.optional().describe('only rates from this currency'),
  quote: currencyCodeSchema.optional().describe('only rates into this currency'),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('answer, per pair, only the rate in force at this instant (the one a conversion at that time is priced at); without it, the whole history'),
});
export class FxRateQueryDto extends createZodDto(fxRateQuerySchema) {}

export const fxRateSchema = z.object({
  id: z.string().describe('fxr_… id: commissions priced at this rate name it in their explanation'),
  scope: z.enum(['program', 'global']).describe("the program's own rate, or a global one (the program's take precedence)"),
  programId: z.string().nullable(),
  base: z.string(),
  quote: z.string(),
  rate: z.string().describe('units of quote one unit of base buys, exact decimal text'),
  effectiveFrom: z.iso.datetime(),
  createdBy: z.string().describe('the operator key that added it'),
  createdAt: z.iso.datetime(),
});
export class FxRatePageDto extends createZodDto(pageSchema(fxRateSchema)) {}

export const putFxRatesResultSchema = z.object({
  rates: z.array(fxRateSchema).describe('each rate of the request as stored, in order (a repeat answers the stored one)'),
  created: z.number().int().describe('how many were new: 0 when the same batch is sent again'),
  repricing: z.object({
    conversions: z.number().int().describe('unpriced conversions these rates now cover, handed back to commissions'),
    handedOver: z.number().int().describe('of those, delivered to their hold workflows now; the rest follow when Temporal is reachable'),
  }),
});
export class PutFxRatesResultDto extends createZodDto(putFxRatesResultSchema) {}

export const unpricedConversionSchema = z.object({
  conversionId: z.string(),
  partnerId: z.string(),
  base: z.string().describe("the conversion's currency"),
  quote: z.string().describe("the plan's payout currency"),
  occurredAt: z.iso.datetime().describe('a rate effective at or before this instant prices it'),
  reason: z.string(),
  recordedAt: z.iso.datetime(),
});
export class UnpricedConversionPageDto extends createZodDto(
  z.object({ items: z.array(unpricedConversionSchema), nextCursor: z.string().nullable().describe('"<conversionId>:<partnerId>"') }),
) {}
export class UnpricedQueryDto extends createZodDto(paginationQuerySchema) {}
