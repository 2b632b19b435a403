import type { FxRate, UnpricedConversion } from '@partnerflow/db';

export const fxRateView = (rate: FxRate) => ({
  id: rate.id,
  scope: rate.programId === null ? ('global' as const) : ('program' as const),
  programId: rate.programId,
  base: rate.base,
  quote: rate.quote,
  rate: rate.rate,
  effectiveFrom: rate.effectiveFrom.toISOString(),
  createdBy: rate.createdBy,
  createdAt: rate.createdAt.toISOString(),
});

export const unpricedConversionView = (row: UnpricedConversion) => ({
  conversionId: row.conversionId,
  partnerId: row.partnerId,
  base: row.base,
  quote: row.quote,
  occurredAt: row.occurredAt.toISOString(),
  reason: row.reason,
  recordedAt: row.recordedAt.toISOString(),
});
