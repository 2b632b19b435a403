import { Inject, Injectable } from '@nestjs/common';
import type { PayoutMethod, PayoutMethodType, Prisma, PrismaClient } from '@partnerflow/db';
import { auditEntryOf } from '../audit/audit-entry';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

export interface PayoutMethodWrite {
  type: PayoutMethodType;
  details: Prisma.InputJsonObject;
}

/** What the audit entry says about a change: the method before and after, masked (never a full account). */
export type AuditView = (method: Pick<PayoutMethod, 'type' | 'details'>) => Prisma.InputJsonObject;

/** A bank-transfer payout of a run with what its bank file needs, and the partner's method as it is now. */
export interface BankTransferPayoutRow {
  id: string;
  partnerId: string;
  partnerName: string;
  amountMinor: bigint;
  currency: string;
  createdAt: Date;
  method: Pick<PayoutMethod, 'type' | 'details' | 'changedAt'> | null;
}

/** Payouts that went to the bank-file provider: sent (processing) or since marked paid. Stable for a run's files. */
const IN_BANK_FILES = ['processing', 'paid'] as const;

/** The only path to Prisma for payout methods and the bank files built from them. */
@Injectable()
export class PayoutMethodsRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  partnerExists(partnerId: string): Promise<boolean> {
    return this.prisma.partner.count({ where: { id: partnerId } }).then((n) => n > 0);
  }

  findMethod(partnerId: string): Promise<PayoutMethod | null> {
    return this.prisma.payoutMethod.findUnique({ where: { partnerId } });
  }

  /**
   * Saves the partner's method, one save per partner at a time (an advisory lock). Only a real change (type or
   * normalised details differ) moves `changedAt` — which starts the anti-takeover hold — and writes an audit entry.
   */
  async save(partnerId: string, write: PayoutMethodWrite, action: OperatorAction, auditView: AuditView): Promise<{ method: PayoutMethod; changed: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`payout_method:${partnerId}`}))`;
      const current = await tx.payoutMethod.findUnique({ where: { partnerId } });
      if (current && current.type === write.type && canonicalJson(current.details) === canonicalJson(write.details)) {
        return { method: current, changed: false };
      }
      const data = { type: write.type, details: write.details, changedAt: new Date() };
      const method = await tx.payoutMethod.upsert({ where: { partnerId }, create: { partnerId, ...data }, update: data });
      await tx.auditEntry.create({
        data: auditEntryOf(action, {
          action: current ? 'partner.payout_method_changed' : 'partner.payout_method_added',
          targetType: 'partner',
          targetId: partnerId,
          before: current ? auditView(current) : null,
          after: auditView(method),
        }),
      });
      return { method, changed: true };
    });
  }

  findRun(runId: string): Promise<{ id: string; programId: string; periodEnd: Date } | null> {
    return this.prisma.payoutRun.findUnique({ where: { id: runId }, select: { id: true, programId: true, periodEnd: true } });
  }

  async bankTransferPayouts(runId: string): Promise<BankTransferPayoutRow[]> {
    const payouts = await this.prisma.payout.findMany({
      where: { runId, method: 'bank_transfer', status: { in: [...IN_BANK_FILES] } },
      select: { id: true, partnerId: true, amountMinor: true, currency: true, createdAt: true },
      orderBy: { id: 'asc' },
    });
    const partnerIds = payouts.map((payout) => payout.partnerId);
    const [partners, methods] = await Promise.all([
      this.prisma.partner.findMany({ where: { id: { in: partnerIds } }, select: { id: true, name: true } }),
      this.prisma.payoutMethod.findMany({ where: { partnerId: { in: partnerIds } }, select: { partnerId: true, type: true, details: true, changedAt: true } }),
    ]);
    return payouts.map((payout) => ({
      ...payout,
      partnerName: partners.find((partner) => partner.id === payout.partnerId)?.name ?? '',
      method: methods.find((method) => method.partnerId === payout.partnerId) ?? null,
    }));
  }

  /** Full account numbers leave the system in a bank file: who downloaded which, when. */
  async recordBankFileDownload(runId: string, after: Prisma.InputJsonObject, action: OperatorAction): Promise<void> {
    await this.prisma.auditEntry.create({ data: auditEntryOf(action, { action: 'payout_run.bank_file_downloaded', targetType: 'payout_run', targetId: runId, after }) });
  }
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
