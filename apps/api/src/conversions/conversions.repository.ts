import { Inject, Injectable } from '@nestjs/common';
import {
  type Conversion,
  type ConversionShare,
  type ConversionType,
  type Coupon,
  type CustomerAttribution,
  type PartnerStage,
  type PartnerType,
  type Prisma,
  type PrismaClient,
} from '@partnerflow/db';
import { REVERSIBLE_TYPES_BY_PRIORITY } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import { insertConversionStatement } from './conversion-insert.sql';

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

const MAX_VISITOR_TOUCHES = 50;

/**
 * The only path to Prisma for conversions, their shares, coupon lookups and customer attributions.
 * Ingestion is the second-busiest path after the redirect, so its reads and its write are single
 * raw statements: the query compiler's cost per call dominated otherwise (bench/postback-ingestion).
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

  /** The original a refund or chargeback names, by the merchant's external id. */
  async findReversible(programId: string, externalId: string): Promise<ConversionWithShares | null> {
    const candidates = await this.prisma.conversion.findMany({
      where: { programId, externalId, type: { in: [...REVERSIBLE_TYPES_BY_PRIORITY] } },
      include: { shares: true },
    });
    const rank = (row: Conversion) => REVERSIBLE_TYPES_BY_PRIORITY.indexOf(row.type);
    return candidates.sort((a, b) => rank(a) - rank(b))[0] ?? null;
  }

  /** Minor units already taken back from an original by earlier refunds and chargebacks (a negative sum). */
  async reversedSoFar(originalId: string): Promise<bigint> {
    const sum = await this.prisma.conversion.aggregate({ where: { refersToId: originalId }, _sum: { amountMinor: true } });
    return sum._sum.amountMinor ?? 0n;
  }

  /** The reported click and, when it has a visitor, that visitor's clicks in the program in [since, until]: newest first, bounded. */
  clickWithVisitorTouches(programId: string, clickId: string, since: Date, until: Date): Promise<TouchClick[]> {
    return this.prisma.$queryRaw<TouchClick[]>`
      SELECT id, at, partner_id AS "partnerId", is_bot AS "isBot", creditable, visitor_id AS "visitorId", from_listed_range AS "fromListedRange"
      FROM clicks WHERE id = ${clickId} AND program_id = ${programId}
      UNION
      (SELECT c.id, c.at, c.partner_id, c.is_bot, c.creditable, c.visitor_id, c.from_listed_range
       FROM clicks c JOIN clicks reported ON reported.id = ${clickId} AND reported.visitor_id IS NOT NULL
       WHERE c.visitor_id = reported.visitor_id AND c.program_id = ${programId} AND c.at BETWEEN ${since} AND ${until}
       ORDER BY c.at DESC LIMIT ${MAX_VISITOR_TOUCHES})`;
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

  customerAttribution(programId: string, customerId: string): Promise<CustomerAttribution | null> {
    return this.prisma.customerAttribution.findUnique({ where: { programId_customerId: { programId, customerId } } });
  }

  /** Conversions in the window from one customer IP hash and from one visitor (device). */
  async countFromCustomer(window: CountWindow, ipHash: string | null, visitorId: string | null): Promise<{ fromIp: number; fromDevice: number }> {
    if (!ipHash && !visitorId) return { fromIp: 0, fromDevice: 0 };
    const [row] = await this.prisma.$queryRaw<{ fromIp: number; fromDevice: number }[]>`
      SELECT count(*) FILTER (WHERE ip_hash = ${ipHash})::int AS "fromIp", count(*) FILTER (WHERE visitor_id = ${visitorId})::int AS "fromDevice"
      FROM conversions
      WHERE program_id = ${window.programId} AND occurred_at BETWEEN ${window.since} AND ${window.until}
        AND (ip_hash = ${ipHash} OR visitor_id = ${visitorId})`;
    return row;
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

  /**
   * Stores the conversion, its shares and — for a customer's first attributed conversion — the
   * customer's partner, in one statement (so atomically). Returns null when a conversion with the
   * same (program, externalId, type) is already there: the caller answers with that one.
   */
  async insert(conversion: NewConversion, shares: NewShare[], customer?: NewCustomerAttribution, event?: Prisma.Sql): Promise<ConversionWithShares | null> {
    const rows = await this.prisma.$queryRaw<{ receivedAt: Date }[]>(insertConversionStatement(conversion, shares, customer, event));
    if (rows.length === 0) return null;
    return { ...conversion, receivedAt: rows[0].receivedAt, shares: shares.map((share) => ({ ...share, conversionId: conversion.id })) };
  }
}
