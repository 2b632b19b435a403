import { conversionLineSchema } from '../tracking/conversion-report.schema';
import { allocate } from '../money/allocate';
import { parseAmount } from '../money/money';
import { lotsToUnits, lotUnitsAsText, PPM } from './commission-rates';
import type { CommissionLineFacts } from './commission.types';

/** A stored share of a conversion: one credited touch. */
export interface StoredShare {
  partnerId: string;
  sharePpm: number;
  amountMinor: bigint | null;
}

/** The partner's part of a conversion: one partner may hold several touches (a click and a coupon). */
export interface PartnerShare {
  sharePpm: bigint;
  amountMinor: bigint | null;
}

export function partnerShareOf(shares: readonly StoredShare[], partnerId: string): PartnerShare | null {
  const own = shares.filter((share) => share.partnerId === partnerId);
  if (own.length === 0) return null;
  const sharePpm = own.reduce((sum, share) => sum + BigInt(share.sharePpm), 0n);
  const amounts = own.map((share) => share.amountMinor).filter((amount): amount is bigint => amount !== null);
  return {
    sharePpm: sharePpm > PPM ? PPM : sharePpm,
    amountMinor: amounts.length === 0 ? null : amounts.reduce((sum, amount) => sum + amount, 0n),
  };
}

/**
 * The conversion's lines scaled to the partner's share: each line amount split exactly
 * (largest remainder) between this share and the rest, lots multiplied by the ppm share (2-decimal
 * lots × ppm stay exact at 10⁻⁸ lot). Stored lines that no longer parse are left out.
 */
export function shareLines(conversion: { lines: unknown; currency: string | null }, sharePpm: bigint): CommissionLineFacts[] {
  const parsed = conversionLineSchema.array().safeParse(conversion.lines ?? []);
  if (!parsed.success) return [];
  return parsed.data.map((line) => {
    const facts: CommissionLineFacts = {};
    if (line.category) facts.category = line.category;
    if (line.instrument) facts.instrument = line.instrument;
    if (line.lots) facts.lots = lotUnitsAsText((lotsToUnits(line.lots) * sharePpm) / PPM);
    if (line.amount !== undefined && conversion.currency) {
      facts.amountMinor = allocate(parseAmount(line.amount, conversion.currency), [sharePpm, PPM - sharePpm])[0];
    }
    return facts;
  });
}
