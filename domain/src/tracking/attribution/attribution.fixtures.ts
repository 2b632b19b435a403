import { attributionConfigSchema, type AttributionConfig, type AttributionConfigInput } from '../attribution-config.schema';
import { attribute } from './attribution.engine';
import { MS_PER_DAY } from './attribution-text';
import type { AttributionResult, Touch } from './attribution.types';

/** Builders for the attribution specs: touches placed relative to one fixed conversion. */

export const CONVERSION_AT = new Date('2026-03-31T12:00:00.000Z');

export function daysBefore(days: number): Date {
  return new Date(CONVERSION_AT.getTime() - days * MS_PER_DAY);
}

export function click(id: string, partnerId: string, at: Date, extra: Partial<Touch> = {}): Touch {
  return { id, kind: 'click', partnerId, partnerType: 'content', at, creditable: true, ...extra };
}

export function coupon(id: string, partnerId: string, extra: Partial<Touch> = {}): Touch {
  return { id, kind: 'coupon', partnerId, partnerType: 'coupon', at: CONVERSION_AT, creditable: true, ...extra };
}

/** Three clicks 14, 7 and 0 days before the conversion, from a content, an influencer and a coupon partner. */
export const threeTouchJourney: readonly Touch[] = [
  click('clk_1', 'ptn_a', daysBefore(14)),
  click('clk_2', 'ptn_b', daysBefore(7), { partnerType: 'influencer' }),
  click('clk_3', 'ptn_c', daysBefore(0), { partnerType: 'coupon' }),
];

export function configOf(document: AttributionConfigInput = {}): AttributionConfig {
  return attributionConfigSchema.parse(document);
}

export function attributeAtConversion(document: AttributionConfigInput, touches: readonly Touch[]): AttributionResult {
  return attribute({ config: configOf(document), conversionAt: CONVERSION_AT, touches });
}

/** touchId → sharePpm of every candidate, in time order: the shape most assertions compare. */
export function sharesById(result: AttributionResult): Record<string, number> {
  return Object.fromEntries(result.candidates.map((candidate) => [candidate.touchId, candidate.sharePpm]));
}

export function reasonOf(result: AttributionResult, touchId: string): string | undefined {
  return result.candidates.find((candidate) => candidate.touchId === touchId)?.reason;
}
