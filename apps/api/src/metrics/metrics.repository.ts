import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@partnerflow/db';
import { PRISMA } from '../common/tokens';

export interface StatusTotal {
  status: string;
  currency: string;
  count: bigint;
  amountMinor: bigint;
}

/** The only path to Prisma for metrics: totals by status that Prometheus samples. */
@Injectable()
export class MetricsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  commissionsByStatus(): Promise<StatusTotal[]> {
    return this.prisma.$queryRaw<StatusTotal[]>`
      SELECT status::text AS status, currency, count(*) AS count, coalesce(sum(amount_minor - reversed_minor), 0)::bigint AS "amountMinor"
      FROM commissions GROUP BY status, currency`;
  }

  payoutsByStatus(): Promise<StatusTotal[]> {
    return this.prisma.$queryRaw<StatusTotal[]>`
      SELECT status::text AS status, currency, count(*) AS count, coalesce(sum(amount_minor), 0)::bigint AS "amountMinor"
      FROM payouts GROUP BY status, currency`;
  }
}
