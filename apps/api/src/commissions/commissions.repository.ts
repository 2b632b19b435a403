import { Inject, Injectable } from '@nestjs/common';
import { ibUplinesOf, overrideDepth } from '@partnerflow/activities';
import type { Commission, LedgerEntry, PrismaClient } from '@partnerflow/db';
import type { CommissionPlan, SimulatedConversion, SimulatedPartner } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';

export type CommissionWithEntries = Commission & { entries: LedgerEntry[] };

export interface AccountSum {
  account: 'pending' | 'approved' | 'paid';
  currency: string;
  amountMinor: bigint;
}

/** A commission whose ledger entries do not add up to what it says it is. */
export interface LedgerDifference {
  commissionId: string;
  partnerId: string;
  status: string;
  currency: string;
  /** What the commission says: its amount less what was reversed (0 when rejected). */
  expectedMinor: bigint;
  ledgerMinor: bigint;
  /** The part still in the pending account, and what its status says should be there. */
  expectedPendingMinor: bigint;
  ledgerPendingMinor: bigint;
}

/** The only path to Prisma for commissions and the ledger (read side; the hold workflow's activities write). */
@Injectable()
export class CommissionsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  partnerExists(partnerId: string): Promise<boolean> {
    return this.prisma.partner.count({ where: { id: partnerId } }).then((n) => n > 0);
  }

  listForPartner(partnerId: string, limit: number, cursor?: string): Promise<Commission[]> {
    return this.prisma.commission.findMany({
      where: { partnerId, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  findWithEntries(id: string): Promise<CommissionWithEntries | null> {
    return this.prisma.commission.findUnique({ where: { id }, include: { entries: { orderBy: { id: 'asc' } } } });
  }

  /** The partner's balance per account and currency: sums of ledger entries, nothing else. */
  balance(partnerId: string): Promise<AccountSum[]> {
    return this.prisma.$queryRaw<AccountSum[]>`
      SELECT account::text AS account, currency, sum(amount_minor)::bigint AS "amountMinor"
      FROM ledger_entries WHERE partner_id = ${partnerId}
      GROUP BY account, currency ORDER BY currency, account`;
  }

  /**
   * Every commission whose entries disagree with it: all its entries must sum to its amount less
   * what was reversed (0 once rejected), and its pending-account entries to that same figure while
   * it is pending, 0 after. Balances are sums of entries by construction, so this is what proves them.
   */
  differences(programId: string): Promise<LedgerDifference[]> {
    return this.prisma.$queryRaw<LedgerDifference[]>`
      SELECT id AS "commissionId", partner_id AS "partnerId", status::text AS status, currency,
             expected AS "expectedMinor", ledger AS "ledgerMinor", expected_pending AS "expectedPendingMinor", ledger_pending AS "ledgerPendingMinor"
      FROM (
        SELECT c.id, c.partner_id, c.status, c.currency,
          CASE WHEN c.status = 'rejected' THEN 0 ELSE c.amount_minor - c.reversed_minor END::bigint AS expected,
          coalesce(sum(e.amount_minor), 0)::bigint AS ledger,
          CASE WHEN c.status = 'pending' THEN c.amount_minor - c.reversed_minor ELSE 0 END::bigint AS expected_pending,
          coalesce(sum(e.amount_minor) FILTER (WHERE e.account = 'pending'), 0)::bigint AS ledger_pending
        FROM commissions c LEFT JOIN ledger_entries e ON e.commission_id = c.id
        WHERE c.program_id = ${programId}
        GROUP BY c.id
      ) checked
      WHERE expected <> ledger OR expected_pending <> ledger_pending
      ORDER BY id`;
  }

  /** Entries that move commission money but name no commission: nothing should write those (payout entries name their payout). */
  orphanEntries(programId: string): Promise<number> {
    return this.prisma.ledgerEntry.count({ where: { programId, commissionId: null, kind: { notIn: ['payout_paid', 'payout_returned'] } } });
  }

  countCommissions(programId: string): Promise<number> {
    return this.prisma.commission.count({ where: { programId } });
  }

  /** Credited, commissionable conversions since `since`, oldest first (the order the plan priced them in). */
  async conversionsForSimulation(programId: string, since: Date, limit: number): Promise<SimulatedConversion[]> {
    const rows = await this.prisma.conversion.findMany({
      where: { programId, occurredAt: { gte: since }, refersToId: null, type: { notIn: ['refund', 'chargeback'] }, shares: { some: {} } },
      include: { shares: true },
      orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
    return rows.map((row) => ({ ...row, lines: row.lines, shares: row.shares }));
  }

  /** Each partner's tier and IB masters as recording would read them now, for the plan simulation. */
  async simulatedPartners(programId: string, partnerIds: string[], plan: CommissionPlan): Promise<Map<string, SimulatedPartner>> {
    const [rows, uplines] = await Promise.all([
      this.prisma.partner.findMany({ where: { id: { in: partnerIds } }, select: { id: true, tier: true } }),
      ibUplinesOf(this.prisma, programId, partnerIds, overrideDepth(plan)),
    ]);
    return new Map(
      rows.map((row) => {
        const masters = uplines.get(row.id) ?? [];
        const notEarning = new Set(masters.filter((master) => master.notEarning).map((master) => master.partnerId));
        return [row.id, { tier: row.tier, upline: masters.map((master) => master.partnerId), notEarning }];
      }),
    );
  }

  /** What these conversions earned each partner so far (before reversals; rejected ones left out), by currency. */
  async commissionTotals(conversionIds: string[]): Promise<{ partnerId: string; currency: string; amountMinor: bigint }[]> {
    if (conversionIds.length === 0) return [];
    return this.prisma.$queryRaw`
      SELECT partner_id AS "partnerId", currency, sum(amount_minor)::bigint AS "amountMinor"
      FROM commissions WHERE conversion_id = ANY(${conversionIds}::text[]) AND status <> 'rejected'
      GROUP BY partner_id, currency`;
  }

  countEntries(programId: string): Promise<number> {
    return this.prisma.ledgerEntry.count({ where: { programId } });
  }
}
