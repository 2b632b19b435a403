import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from '@partnerflow/db';
import type { StatementItemSource, StatementSource } from '@partnerflow/domain';
import { PRISMA } from '../../common/tokens';

const day = (date: Date) => date.toISOString().slice(0, 10);
const nextDay = (date: Date) => day(new Date(date.getTime() + 86_400_000));

/** The only path to Prisma for payout statements (read side: the payout run writes payouts). */
@Injectable()
export class StatementsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Everything a payout's statement shows, as plain rows; null for an unknown payout. */
  async statementSource(payoutId: string): Promise<(StatementSource & { partnerId: string }) | null> {
    const payout = await this.prisma.payout.findUnique({ where: { id: payoutId }, include: { run: true, items: true } });
    if (!payout) return null;
    const [program, partner, previousRun, items] = await Promise.all([
      this.prisma.program.findUniqueOrThrow({ where: { id: payout.programId }, select: { id: true, name: true } }),
      this.prisma.partner.findUniqueOrThrow({ where: { id: payout.partnerId }, select: { id: true, name: true, email: true } }),
      this.prisma.payoutRun.findFirst({ where: { programId: payout.programId, periodEnd: { lt: payout.run.periodEnd } }, orderBy: { periodEnd: 'desc' } }),
      this.items(payout.items),
    ]);
    return {
      partnerId: payout.partnerId,
      payout,
      program,
      partner,
      period: { start: previousRun ? nextDay(previousRun.periodEnd) : null, end: day(payout.run.periodEnd) },
      carriedOverBefore: previousRun?.cutoffAt ?? null,
      items,
    };
  }

  private async items(items: { ledgerEntryId: string; amountMinor: bigint }[]): Promise<StatementItemSource[]> {
    const entries = await this.prisma.ledgerEntry.findMany({ where: { id: { in: items.map((item) => item.ledgerEntryId) } } });
    const commissionIds = [...new Set(entries.flatMap((entry) => (entry.commissionId ? [entry.commissionId] : [])))];
    const commissions = await this.prisma.commission.findMany({
      where: { id: { in: commissionIds } },
      select: { id: true, conversionId: true, ruleId: true, kind: true, explanation: true },
    });
    const commissionOf = new Map(commissions.map((commission) => [commission.id, commission]));
    // A reversal line shows its refund or chargeback; a commission line the conversion it pays for.
    const conversionIdOf = (entry: (typeof entries)[number]) =>
      entry.kind === 'commission_reversed' ? entry.conversionId : entry.commissionId ? (commissionOf.get(entry.commissionId)?.conversionId ?? null) : entry.conversionId;
    const conversionIds = [...new Set(entries.flatMap((entry) => conversionIdOf(entry) ?? []))];
    const returnedIds = [...new Set(entries.flatMap((entry) => (entry.kind === 'payout_returned' && entry.payoutId ? [entry.payoutId] : [])))];
    const [conversions, returned] = await Promise.all([
      this.prisma.conversion.findMany({
        where: { id: { in: conversionIds } },
        select: { id: true, type: true, occurredAt: true, sub1: true, sub2: true, sub3: true, sub4: true, sub5: true },
      }),
      this.prisma.payout.findMany({ where: { id: { in: returnedIds } }, select: { id: true, failureReason: true, returnedAt: true } }),
    ]);
    const conversionOf = new Map(conversions.map(({ sub1, sub2, sub3, sub4, sub5, ...conversion }) => [conversion.id, { ...conversion, subIds: [sub1, sub2, sub3, sub4, sub5].filter((sub): sub is string => !!sub) }]));
    const entryOf = new Map(entries.map((entry) => [entry.id, entry]));
    return items.flatMap((item) => {
      const entry = entryOf.get(item.ledgerEntryId);
      if (!entry) return [];
      const conversionId = conversionIdOf(entry);
      return [
        {
          ledgerEntryId: item.ledgerEntryId,
          amountMinor: item.amountMinor,
          entry,
          commission: entry.commissionId ? (commissionOf.get(entry.commissionId) ?? null) : null,
          conversion: conversionId ? (conversionOf.get(conversionId) ?? null) : null,
          returnedPayout: entry.payoutId && entry.kind === 'payout_returned' ? (returned.find((payout) => payout.id === entry.payoutId) ?? null) : null,
        },
      ];
    });
  }
}
