import { Inject, Injectable } from '@nestjs/common';
import {
  type Conversion,
  type ConversionShare,
  type ConversionType,
  type Coupon,
  type CustomerAttribution,
  type PartnerStage,
  type PartnerType,
  type PrismaClient,
} from '@partnerflow/db';
import { PRISMA } from '../common/tokens';
import { MAX_VISITOR_TOUCHES } from './conversion-facts.sql';

export type ConversionWithShares = Conversion & { shares: ConversionShare[] };
export type NewConversion = Omit<Conversion, 'receivedAt'>;
export type NewShare = Omit<ConversionShare, 'conversionId'>;

/** A click as attribution sees it. */
export interface TouchClick {
  id: string;
  at: Date;
  partnerId: string;
  isBot: boolean;
  creditable: boolean;
  visitorId: string | null;
  fromListedRange: boolean;
}

/** What attribution and fraud checks need about a partner. */
export interface PartnerFacts {
  id: string;
  email: string;
  type: PartnerType;
  stage: PartnerStage;
  knownIpHashes: string[];
  createdAt: Date;
}

export interface CountWindow {
  programId: string;
  since: Date;
  until: Date;
}

/** A customer's first partner, recorded with the conversion that won them. */
export type NewCustomerAttribution = Omit<CustomerAttribution, 'programId' | 'customerId'>;

/**
 * The only path to Prisma for conversions, their shares, coupon lookups and customer attributions.
 * Ingestion's hot reads and its write go through ConversionStore instead (node-postgres, one
 * prepared statement each for a whole batch of reports; see bench/postback-ingestion): the
 * per-query round trips and the query compiler's cost per call dominated otherwise.
 */
@Injectable()
export class ConversionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async existingId(programId: string, externalId: string, type: ConversionType): Promise<string | null> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM conversions WHERE program_id = ${programId} AND external_id = ${externalId} AND type = ${type}::"ConversionType"`;
    return rows[0]?.id ?? null;
  }

  findById(id: string): Promise<ConversionWithShares | null> {
    return this.prisma.conversion.findUnique({ where: { id }, include: { shares: true } });
  }

  /** The program's conversions since `since` that its model decided (not recurring customers or reversals), newest first. */
  recentModelDecided(programId: string, since: Date, limit: number): Promise<ConversionWithShares[]> {
    return this.prisma.conversion.findMany({
      where: { programId, occurredAt: { gte: since }, attributionOutcome: { in: ['attributed', 'unattributed'] } },
      include: { shares: true },
      orderBy: { occurredAt: 'desc' },
      take: limit,
    });
  }

  /**
   * The reported click and, when it has a visitor, that visitor's clicks in the program in [since, until]: newest first, bounded
   * (ordered like the (visitor_id, at) index, so the plan never walks the program's clicks; see ingestionFactsStatement).
   */
  clickWithVisitorTouches(programId: string, clickId: string, since: Date, until: Date): Promise<TouchClick[]> {
    return this.prisma.$queryRaw<TouchClick[]>`
      SELECT id, at, partner_id AS "partnerId", is_bot AS "isBot", creditable, visitor_id AS "visitorId", from_listed_range AS "fromListedRange"
      FROM clicks WHERE id = ${clickId} AND program_id = ${programId}
      UNION
      (SELECT c.id, c.at, c.partner_id, c.is_bot, c.creditable, c.visitor_id, c.from_listed_range
       FROM clicks c JOIN clicks reported ON reported.id = ${clickId} AND reported.visitor_id IS NOT NULL
       WHERE c.visitor_id = reported.visitor_id AND c.program_id = ${programId} AND c.at BETWEEN ${since} AND ${until}
       ORDER BY c.visitor_id DESC, c.at DESC LIMIT ${MAX_VISITOR_TOUCHES})`;
  }

  findCoupon(programId: string, codeKey: string): Promise<Coupon | null> {
    return this.prisma.coupon.findUnique({ where: { programId_codeKey: { programId, codeKey } } });
  }

  partners(ids: string[]): Promise<PartnerFacts[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.prisma.$queryRaw<PartnerFacts[]>`
      SELECT id, email, type, stage, known_ip_hashes AS "knownIpHashes", created_at AS "createdAt"
      FROM partners WHERE id = ANY(${ids}::text[])`;
  }

  async countForPartner(window: CountWindow, partnerId: string): Promise<number> {
    const [row] = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM conversions
      WHERE partner_id = ${partnerId} AND program_id = ${window.programId} AND occurred_at >= ${window.since} AND occurred_at < ${window.until}`;
    return row.n;
  }

  /** From here the hold workflows hold the conversion: the commission engine has it. */
  async markHandedOver(conversionId: string): Promise<void> {
    await this.prisma.conversion.updateMany({ where: { id: conversionId, commissionStatus: 'pending' }, data: { commissionStatus: 'processed' } });
  }

  /** Credited conversions received before `before` that no hold workflow has yet, oldest first. */
  async notHandedOver(before: Date, limit: number): Promise<{ id: string; programId: string; partnerIds: string[] }[]> {
    const rows = await this.prisma.conversion.findMany({
      where: { commissionStatus: 'pending', receivedAt: { lt: before } },
      select: { id: true, programId: true, shares: { select: { partnerId: true } } },
      orderBy: { receivedAt: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({ id: row.id, programId: row.programId, partnerIds: row.shares.map((share) => share.partnerId) }));
  }
}
