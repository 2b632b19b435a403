import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, PrismaClient, TaxProfile } from '@partnerflow/db';
import type { TaxProfileRecord } from '@partnerflow/domain';
import { auditEntryOf } from '../audit/audit-entry';
import { PRISMA } from '../common/tokens';
import type { OperatorAction } from '../programs/programs.repository';

/** What a save writes: the row (the TINs already encrypted) and its audit entry. */
export interface TaxProfileWrite {
  record: Omit<TaxProfileRecord, 'secrets'>;
  tinEncrypted: string | null;
  audit: { action: string; before: Prisma.InputJsonObject | null; after: Prisma.InputJsonObject };
}

export interface PaidPayoutRow {
  id: string;
  partnerId: string;
  amountMinor: bigint;
  currency: string;
  paidAt: Date;
}

/** The only path to Prisma for tax profiles and the tax reports. */
@Injectable()
export class TaxRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(partnerId: string): Promise<{ id: string; programId: string; name: string; country: string } | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId }, select: { id: true, programId: true, name: true, country: true } });
  }

  findProfile(partnerId: string): Promise<TaxProfile | null> {
    return this.prisma.taxProfile.findUnique({ where: { partnerId } });
  }

  /**
   * Saves a partner's tax profile with its audit entry, one save per partner at a time (an
   * advisory lock): `decide` sees the profile as it is under the lock and returns what to write,
   * or null when nothing changes — then nothing is written, not even an audit entry.
   */
  async saveProfile(
    partnerId: string,
    action: OperatorAction,
    decide: (current: TaxProfile | null) => TaxProfileWrite | null,
  ): Promise<{ profile: TaxProfile; changed: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`tax_profile:${partnerId}`}))`;
      const current = await tx.taxProfile.findUnique({ where: { partnerId } });
      const write = decide(current);
      if (!write) return { profile: current as TaxProfile, changed: false };
      const data = {
        ...write.record,
        address: write.record.address as Prisma.InputJsonObject,
        fields: write.record.fields as Prisma.InputJsonObject,
        tinEncrypted: write.tinEncrypted,
      };
      const profile = await tx.taxProfile.upsert({ where: { partnerId }, create: { partnerId, ...data }, update: data });
      await tx.auditEntry.create({ data: auditEntryOf(action, { ...write.audit, targetType: 'partner', targetId: partnerId }) });
      return { profile, changed: true };
    });
  }

  /** The program's payouts with status paid whose paidAt lies in [from, to): returned ones are not "paid". */
  paidPayouts(programId: string, from: Date, to: Date): Promise<PaidPayoutRow[]> {
    return this.prisma.payout.findMany({
      where: { programId, status: 'paid', paidAt: { gte: from, lt: to } },
      select: { id: true, partnerId: true, amountMinor: true, currency: true, paidAt: true },
      orderBy: { id: 'asc' },
    }) as Promise<PaidPayoutRow[]>;
  }

  partnersWithProfiles(partnerIds: string[]): Promise<({ id: string; name: string; country: string } & { profile: TaxProfile | null })[]> {
    if (partnerIds.length === 0) return Promise.resolve([]);
    return Promise.all([
      this.prisma.partner.findMany({ where: { id: { in: partnerIds } }, select: { id: true, name: true, country: true } }),
      this.prisma.taxProfile.findMany({ where: { partnerId: { in: partnerIds } } }),
    ]).then(([partners, profiles]) => partners.map((partner) => ({ ...partner, profile: profiles.find((p) => p.partnerId === partner.id) ?? null })));
  }

  /** Records that full TINs left the system in a filing export (who, when, which year). */
  async recordFilingExport(programId: string, action: OperatorAction, after: Prisma.InputJsonObject): Promise<void> {
    await this.prisma.auditEntry.create({ data: auditEntryOf(action, { action: 'tax.form_1099_nec_exported', targetType: 'program', targetId: programId, after }) });
  }
}
