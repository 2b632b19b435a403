import { Inject, Injectable } from '@nestjs/common';
import { previewPayouts, type PreviewedPayout } from '@partnerflow/activities';
import type { Partner, Payout, PayoutApproval, PayoutRun, PayoutStatus, PrismaClient } from '@partnerflow/db';
import { DEFAULT_PAYOUT_POLICY, payoutPolicySchema, type PayoutPolicy } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';

export type PayoutWithDetails = Payout & { partner: Pick<Partner, 'id' | 'name' | 'email'>; approvals: PayoutApproval[] };

export interface NewPayoutRun {
  id: string;
  programId: string;
  periodEnd: string;
  cutoffAt: Date;
  currency: string;
  policyVersion: number;
  requestedBy: string;
}

const details = { approvals: { orderBy: { createdAt: 'asc' as const } } };

/**
 * The only path to Prisma for payouts in the api. It writes one thing, the run row of a run an
 * operator starts; everything else is the run workflow's activities' to write.
 */
@Injectable()
export class PayoutsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The program's current payout policy and its version (0 and the built-in default when it has none). */
  async currentPolicy(programId: string): Promise<{ policy: PayoutPolicy; version: number; stored: boolean }> {
    const row = await this.prisma.configVersion.findFirst({ where: { programId, kind: 'payout' }, orderBy: { version: 'desc' } });
    if (!row) return { policy: payoutPolicySchema.parse(DEFAULT_PAYOUT_POLICY), version: 0, stored: false };
    return { policy: payoutPolicySchema.parse(row.document), version: row.version, stored: true };
  }

  /** A run's snapshot and gates over the current balances, read-only (config dry run). */
  preview(request: Parameters<typeof previewPayouts>[1]): Promise<{ payouts: PreviewedPayout[]; more: boolean }> {
    return previewPayouts(this.prisma, request);
  }

  /** Programs that have a payout config: the ones with a schedule. */
  async programsWithPayoutPolicy(): Promise<string[]> {
    const rows = await this.prisma.configVersion.findMany({ where: { kind: 'payout' }, distinct: ['programId'], select: { programId: true } });
    return rows.map((row) => row.programId);
  }

  /** Creates the run row unless its period has one; `created` says which. */
  async createRun(run: NewPayoutRun): Promise<{ run: PayoutRun; created: boolean }> {
    const { count } = await this.prisma.payoutRun.createMany({
      data: [{ ...run, periodEnd: new Date(`${run.periodEnd}T00:00:00.000Z`), trigger: 'manual' }],
      skipDuplicates: true,
    });
    return { run: await this.prisma.payoutRun.findUniqueOrThrow({ where: { id: run.id } }), created: count === 1 };
  }

  findRun(runId: string): Promise<PayoutRun | null> {
    return this.prisma.payoutRun.findUnique({ where: { id: runId } });
  }

  async runTotals(runId: string): Promise<{ status: PayoutStatus; payouts: number; amountMinor: bigint }[]> {
    const rows = await this.prisma.payout.groupBy({ by: ['status'], where: { runId }, _count: { _all: true }, _sum: { amountMinor: true }, orderBy: { status: 'asc' } });
    return rows.map((row) => ({ status: row.status, payouts: row._count._all, amountMinor: row._sum.amountMinor ?? 0n }));
  }

  async runPayouts(runId: string, { limit, cursor, status }: { limit: number; cursor?: string; status?: PayoutStatus }): Promise<PayoutWithDetails[]> {
    return this.withPartners(
      await this.prisma.payout.findMany({
        where: { runId, ...(status ? { status } : {}), ...(cursor ? { id: { gt: cursor } } : {}) },
        include: details,
        orderBy: { id: 'asc' },
        take: limit + 1,
      }),
    );
  }

  async partnerPayouts(partnerId: string, { limit, cursor }: { limit: number; cursor?: string }): Promise<PayoutWithDetails[]> {
    return this.withPartners(
      await this.prisma.payout.findMany({ where: { partnerId, ...(cursor ? { id: { lt: cursor } } : {}) }, include: details, orderBy: { id: 'desc' }, take: limit + 1 }),
    );
  }

  async findPayout(payoutId: string): Promise<PayoutWithDetails | null> {
    const payout = await this.prisma.payout.findUnique({ where: { id: payoutId }, include: details });
    return payout ? (await this.withPartners([payout]))[0] : null;
  }

  /** Payouts name their partner by id only (no relation in the schema): one query for a page's partners. */
  private async withPartners(payouts: (Payout & { approvals: PayoutApproval[] })[]): Promise<PayoutWithDetails[]> {
    const partners = await this.prisma.partner.findMany({ where: { id: { in: [...new Set(payouts.map((p) => p.partnerId))] } }, select: { id: true, name: true, email: true } });
    const byId = new Map(partners.map((partner) => [partner.id, partner]));
    return payouts.map((payout) => ({ ...payout, partner: byId.get(payout.partnerId) ?? { id: payout.partnerId, name: '', email: '' } }));
  }

  partnerExists(partnerId: string): Promise<boolean> {
    return this.prisma.partner.count({ where: { id: partnerId } }).then((count) => count > 0);
  }
}
