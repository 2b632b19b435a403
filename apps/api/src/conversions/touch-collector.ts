import { Injectable } from '@nestjs/common';
import type { Coupon } from '@partnerflow/db';
import { isCreditingStage, type AttributionConfig, type Touch } from '@partnerflow/domain';
import { ConversionsRepository, type PartnerFacts, type TouchClick } from './conversions.repository';

const DAY_MS = 86_400_000;

export interface CollectedTouches {
  touches: Touch[];
  /** The visitor behind the reported click: the device for velocity checks. */
  visitorId: string | null;
  /** Clicks whose IP was in the program's listed ranges (decided at redirect time). */
  listedRangeClickIds: Set<string>;
  partners: Map<string, PartnerFacts>;
  /** What the reader of the explanation should know about the report's references. */
  notes: string[];
}

/**
 * The touches a conversion is decided on: the reported click and that visitor's other clicks
 * around the window (the visitor cookie ties them together), and the reported coupon as a touch
 * at the conversion time. A touch of a partner no longer in good standing is listed, not creditable.
 */
@Injectable()
export class TouchCollector {
  constructor(private readonly conversions: ConversionsRepository) {}

  /** Reads the touches of one report (the dry run's path; ingestion reads them for a whole batch). */
  async collect(
    programId: string,
    config: AttributionConfig,
    report: { clickId?: string; couponCode?: string },
    conversionAt: Date,
  ): Promise<CollectedTouches> {
    const [clicks, coupon] = await Promise.all([
      report.clickId ? this.clicksOf(programId, config, report.clickId, conversionAt) : Promise.resolve([]),
      report.couponCode ? this.conversions.findCoupon(programId, couponKey(report.couponCode)) : Promise.resolve(null),
    ]);
    const partnerIds = [...new Set([...clicks.map((click) => click.partnerId), ...(coupon ? [coupon.partnerId] : [])])];
    const partners = new Map((await this.conversions.partners(partnerIds)).map((partner) => [partner.id, partner]));
    return touchesOf(report, conversionAt, clicks, coupon, partners);
  }

  /** One day beyond the window on each side, so the explanation can show why near misses missed. */
  private async clicksOf(programId: string, config: AttributionConfig, clickId: string, conversionAt: Date): Promise<TouchClick[]> {
    const { since, until } = clickWindow(config, conversionAt);
    const clicks = await this.conversions.clickWithVisitorTouches(programId, clickId, since, until);
    return clicks.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}

/** The clicks read as touches: one day beyond the window on each side, so the explanation can show why near misses missed. */
export function clickWindow(config: AttributionConfig, conversionAt: Date): { since: Date; until: Date } {
  return { since: new Date(conversionAt.getTime() - (config.windowDays + 1) * DAY_MS), until: new Date(conversionAt.getTime() + DAY_MS) };
}

/** Coupons are looked up by their code in upper case. */
export const couponKey = (code: string): string => code.toUpperCase();

/**
 * The touches of a report from what was read: the clicks (oldest first), the coupon and the
 * partners behind them. A touch of a partner no longer in good standing is listed, not creditable.
 */
export function touchesOf(
  report: { clickId?: string; couponCode?: string },
  conversionAt: Date,
  clicks: TouchClick[],
  coupon: Coupon | null,
  partners: Map<string, PartnerFacts>,
): CollectedTouches {
  const notes: string[] = [];
  if (report.clickId && !clicks.some((click) => click.id === report.clickId)) notes.push(`click id ${report.clickId} is not a click of this program`);
  if (report.couponCode && !coupon) notes.push(`coupon code "${report.couponCode}" is not a coupon of this program`);
  const couponDisabled = coupon?.disabledAt != null && coupon.disabledAt <= conversionAt;
  if (coupon && couponDisabled) notes.push(`coupon code "${coupon.code}" was disabled on ${coupon.disabledAt!.toISOString()}`);

  const touches: Touch[] = clicks.map((click) => clickTouch(click, partners.get(click.partnerId)));
  if (coupon) {
    const partner = partners.get(coupon.partnerId);
    touches.push({
      id: coupon.id,
      kind: 'coupon',
      partnerId: coupon.partnerId,
      partnerType: partner?.type ?? 'other',
      at: conversionAt,
      ...creditability(partner, couponDisabled ? 'coupon disabled' : undefined),
    });
  }
  return {
    touches,
    visitorId: clicks.find((click) => click.id === report.clickId)?.visitorId ?? null,
    listedRangeClickIds: new Set(clicks.filter((click) => click.fromListedRange).map((click) => click.id)),
    partners,
    notes,
  };
}

function clickTouch(click: TouchClick, partner: PartnerFacts | undefined): Touch {
  const atClickTime = click.isBot ? 'bot click' : click.creditable ? undefined : 'partner not in good standing when clicked';
  return {
    id: click.id,
    kind: 'click',
    partnerId: click.partnerId,
    partnerType: partner?.type ?? 'other',
    at: click.at,
    ...creditability(partner, atClickTime),
  };
}

function creditability(partner: PartnerFacts | undefined, reason: string | undefined): Pick<Touch, 'creditable' | 'nonCreditableReason'> {
  if (reason) return { creditable: false, nonCreditableReason: reason };
  if (!partner) return { creditable: false, nonCreditableReason: 'partner not found' };
  if (!isCreditingStage(partner.stage)) return { creditable: false, nonCreditableReason: `partner is ${partner.stage.toLowerCase()}` };
  return { creditable: true };
}
