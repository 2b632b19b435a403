import { Injectable } from '@nestjs/common';
import { evaluateFraudSignals, type FraudConfig, type FraudFlag } from '@partnerflow/domain';
import { TtlLruCache } from '../tracking/ttl-lru-cache';
import { ConversionsRepository, type PartnerFacts } from './conversions.repository';

const DAY_MS = 86_400_000;

/**
 * A partner's own conversion rate moves over hours and days, so its counts may be a minute old:
 * that spares counting a busy partner's month of conversions for every new one.
 */
const PARTNER_COUNTS_TTL_MS = 60_000;

export interface FraudContext {
  programId: string;
  conversionAt: Date;
  customer: { email?: string; ip?: string; ipHash: string | null };
  visitorId: string | null;
  /** The partner with the largest share: the one whose behaviour the checks look at. */
  partner: PartnerFacts | undefined;
  winningClickAt?: Date;
  clickFromListedRange: boolean;
}

export interface CustomerCounts {
  fromIp: number;
  fromDevice: number;
}

/** The customer's conversions counted for the IP and device velocity checks: the day before the conversion. */
export function velocityWindow(conversionAt: Date): { since: Date; until: Date } {
  return { since: new Date(conversionAt.getTime() - DAY_MS), until: conversionAt };
}

interface PartnerCounts {
  lastDay: number;
  baseline: { days: number; count: number };
}

/**
 * Gathers the facts the fraud rules need (velocity and baseline counts from the database) and
 * applies them. Flags travel with the conversion; nothing is dropped here — the commission hold
 * decides what a flag means for the money.
 */
@Injectable()
export class FraudAssessor {
  private readonly partnerCounts = new TtlLruCache<string, PartnerCounts>({ maxEntries: 10_000, ttlMs: PARTNER_COUNTS_TTL_MS });

  constructor(private readonly conversions: ConversionsRepository) {}

  /**
   * `customer` holds the customer's conversions in the last day (velocityWindow) from its IP hash
   * and from its device, read with the batch's facts.
   */
  async assess(context: FraudContext, config: FraudConfig, customer: CustomerCounts): Promise<FraudFlag[]> {
    const { programId, conversionAt, partner } = context;
    // Flags protect commissions: a conversion that credits nobody has nothing to hold back.
    if (!partner) return [];
    const lastDay = { programId, ...velocityWindow(conversionAt) };
    const counts = await this.partnerCounts.get(`${programId}:${partner.id}:${config.spike.baselineDays}`, () => this.countPartner(partner, lastDay, config));
    return evaluateFraudSignals(
      {
        conversionAt,
        customer: { email: context.customer.email, ip: context.customer.ip, ipHash: context.customer.ipHash ?? undefined },
        partner: { id: partner.id, email: partner.email, knownIpHashes: partner.knownIpHashes },
        winningClickAt: context.winningClickAt,
        clickFromListedRange: context.clickFromListedRange,
        conversionsFromIpLast24h: context.customer.ipHash ? customer.fromIp : undefined,
        conversionsFromDeviceLast24h: context.visitorId ? customer.fromDevice : undefined,
        partnerConversionsLast24h: counts.lastDay,
        partnerConversionsBaseline: counts.baseline,
      },
      config,
    );
  }

  private async countPartner(partner: PartnerFacts, lastDay: { programId: string; since: Date; until: Date }, config: FraudConfig): Promise<PartnerCounts> {
    // A partner younger than the baseline period has only the days it existed as its baseline.
    const ageDays = (lastDay.since.getTime() - partner.createdAt.getTime()) / DAY_MS;
    const days = Math.max(0, Math.min(config.spike.baselineDays, ageDays));
    const baselineWindow = { programId: lastDay.programId, since: new Date(lastDay.since.getTime() - days * DAY_MS), until: lastDay.since };
    const [lastDayCount, baselineCount] = await Promise.all([
      this.conversions.countForPartner({ ...lastDay, until: new Date(lastDay.until.getTime() + 1) }, partner.id),
      this.conversions.countForPartner(baselineWindow, partner.id),
    ]);
    return { lastDay: lastDayCount, baseline: { days, count: baselineCount } };
  }
}
