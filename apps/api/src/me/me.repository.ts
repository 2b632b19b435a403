import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Partner, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';

export type StatsPeriod = 'day' | 'week' | 'month';

export interface PeriodCount {
  period: Date;
  count: bigint;
}

export interface PeriodMoney {
  period: Date;
  currency: string;
  amountMinor: bigint;
  count: bigint;
}

export type ProfileChanges = Partial<Pick<Partner, 'name' | 'website' | 'channels' | 'locale'>>;

/**
 * The only path to Prisma for the partner's own view (/v1/me) beyond the use cases it borrows
 * from other domains. Every query is bound to the signed-in partner's id.
 */
@Injectable()
export class MeRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(partnerId: string): Promise<Partner | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId } });
  }

  /** The partner's own edit of its profile, with the audit entry recording what changed. */
  async updateProfile(partner: Partner, changes: ProfileChanges, requestId: string | undefined): Promise<Partner> {
    const before = Object.fromEntries(Object.keys(changes).map((key) => [key, partner[key as keyof ProfileChanges]]));
    return this.prisma.$transaction(async (tx) => {
      const updated = await tx.partner.update({ where: { id: partner.id }, data: changes });
      await tx.auditEntry.create({
        data: {
          id: newId('audit'),
          actorType: 'partner',
          actorId: partner.id,
          action: 'partner.profile_updated',
          targetType: 'partner',
          targetId: partner.id,
          before: before as Prisma.InputJsonObject,
          after: changes as Prisma.InputJsonObject,
          requestId,
        },
      });
      return updated;
    });
  }

  clicksByPeriod(partnerId: string, period: StatsPeriod, from: Date, to: Date): Promise<PeriodCount[]> {
    return this.prisma.$queryRaw<PeriodCount[]>`
      SELECT date_trunc(${period}, at, 'UTC') AS period, count(*) AS count
      FROM clicks WHERE partner_id = ${partnerId} AND at >= ${from} AND at < ${to} AND NOT is_bot
      GROUP BY 1 ORDER BY 1`;
  }

  /**
   * The partner's credited share of conversions: `count` counts sales-side events (refunds and
   * chargebacks are not conversions), the amount is net (their negative amounts subtract).
   */
  conversionsByPeriod(partnerId: string, period: StatsPeriod, from: Date, to: Date): Promise<PeriodMoney[]> {
    return this.prisma.$queryRaw<PeriodMoney[]>`
      SELECT date_trunc(${period}, c.occurred_at, 'UTC') AS period, coalesce(c.currency, '') AS currency,
             coalesce(sum(s.amount_minor), 0)::bigint AS "amountMinor",
             count(DISTINCT c.id) FILTER (WHERE c.type NOT IN ('refund', 'chargeback')) AS count
      FROM conversion_shares s JOIN conversions c ON c.id = s.conversion_id
      WHERE s.partner_id = ${partnerId} AND c.occurred_at >= ${from} AND c.occurred_at < ${to}
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }

  /** Commissions earned in the period (by creation), less what refunds have taken back from them. */
  commissionsByPeriod(partnerId: string, period: StatsPeriod, from: Date, to: Date): Promise<PeriodMoney[]> {
    return this.prisma.$queryRaw<PeriodMoney[]>`
      SELECT date_trunc(${period}, created_at, 'UTC') AS period, currency,
             sum(CASE WHEN status = 'rejected' THEN 0 ELSE amount_minor - reversed_minor END)::bigint AS "amountMinor",
             count(*) AS count
      FROM commissions WHERE partner_id = ${partnerId} AND created_at >= ${from} AND created_at < ${to}
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }
}
