import { Inject, Injectable } from '@nestjs/common';
import type { Partner, Prisma, PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { PRISMA } from '../common/tokens';
import { eraseInTransaction, type ErasureRequest } from './partner-erasure';

/**
 * Tables the export covers in its own sections, or leaves out on purpose (customer_attributions
 * holds the merchant's customers' ids, not the partner's data). Any other table with a partner_id
 * column goes under `other`.
 */
const EXPORTED_TABLES = [
  'partners', 'links', 'clicks', 'conversion_shares', 'conversions', 'commissions', 'ledger_entries', 'payouts', 'payout_items',
  'messages', 'tax_profiles', 'payout_methods', 'partner_sessions', 'magic_link_tokens', 'audit_log', 'customer_attributions',
];
/** Never exported: credentials and secrets, even the partner's own (hashes, encrypted values, tokens). */
const SECRET_COLUMN = /(hash|encrypted|secret|token)/i;

/** The only path to Prisma for the partner data export and erasure. */
@Injectable()
export class PrivacyRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  findPartner(partnerId: string): Promise<(Partner & { program: { id: string; slug: string; name: string } }) | null> {
    return this.prisma.partner.findUnique({ where: { id: partnerId }, include: { program: { select: { id: true, slug: true, name: true } } } });
  }

  async partnerRecords(partnerId: string) {
    const where = { partnerId };
    const [links, commissions, ledger, payouts, messages, taxProfile, payoutMethod, sessions] = await Promise.all([
      this.prisma.link.findMany({ where, orderBy: { id: 'asc' } }),
      this.prisma.commission.findMany({ where, orderBy: { id: 'asc' } }),
      this.prisma.ledgerEntry.findMany({ where, orderBy: { id: 'asc' } }),
      this.prisma.payout.findMany({ where, orderBy: { id: 'asc' } }),
      this.prisma.message.findMany({ where, orderBy: { id: 'asc' }, omit: { bodyHtml: true } }),
      this.prisma.taxProfile.findUnique({ where, omit: { tinEncrypted: true } }),
      this.prisma.payoutMethod.findUnique({ where }),
      this.prisma.partnerSession.findMany({ where, orderBy: { id: 'asc' }, omit: { tokenHash: true } }),
    ]);
    return { links, commissions, ledger, payouts, messages, taxProfile, payoutMethod, sessions };
  }

  clicksByLink(partnerId: string) {
    return this.prisma.$queryRaw<{ linkId: string; clicks: bigint; botClicks: bigint; creditableClicks: bigint; firstAt: Date; lastAt: Date }[]>`
      SELECT link_id AS "linkId", count(*) AS clicks, count(*) FILTER (WHERE is_bot) AS "botClicks",
             count(*) FILTER (WHERE creditable) AS "creditableClicks", min(at) AS "firstAt", max(at) AS "lastAt"
      FROM clicks WHERE partner_id = ${partnerId} GROUP BY link_id ORDER BY link_id`;
  }

  /** The partner's credited shares with the conversion's own facts — not the customer's (ids, hashes). */
  conversionShares(partnerId: string) {
    return this.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT c.id AS "conversionId", c.type, c.external_id AS "externalId", c.occurred_at AS "occurredAt",
             c.currency, c.amount_minor AS "conversionAmountMinor", s.share_ppm AS "sharePpm", s.amount_minor AS "shareAmountMinor",
             s.touch_kind AS "touchKind", c.attribution_outcome AS "attributionOutcome", c.refers_to_id AS "refersToId"
      FROM conversion_shares s JOIN conversions c ON c.id = s.conversion_id
      WHERE s.partner_id = ${partnerId} ORDER BY c.occurred_at, c.id`;
  }

  /** Entries about the partner or its records, and those it made itself. */
  auditEntries(partnerId: string, recordIds: string[]) {
    return this.prisma.auditEntry.findMany({
      where: { OR: [{ targetId: partnerId }, { actorId: partnerId }, { targetId: { in: recordIds } }] },
      orderBy: { id: 'asc' },
    });
  }

  /** Rows of tables added after this export was written that name the partner, so nothing is left out silently. */
  async otherTables(partnerId: string): Promise<Record<string, Record<string, unknown>[]>> {
    const columns = await this.prisma.$queryRaw<{ table: string; column: string }[]>`
      SELECT table_name AS table, column_name AS column FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN (
        SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'partner_id')
      ORDER BY table_name, ordinal_position`;
    const tables = new Map<string, string[]>();
    for (const { table, column } of columns) {
      if (EXPORTED_TABLES.includes(table) || SECRET_COLUMN.test(column)) continue;
      tables.set(table, [...(tables.get(table) ?? []), column]);
    }
    const other: Record<string, Record<string, unknown>[]> = {};
    for (const [table, names] of tables) {
      // Identifiers come from the catalog, quoted; the partner id is a bound parameter.
      const select = names.map((name) => `"${name.replace(/"/g, '""')}"`).join(', ');
      const rows = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT ${select} FROM "${table.replace(/"/g, '""')}" WHERE partner_id = $1`, partnerId);
      if (rows.length > 0) other[table] = rows;
    }
    return other;
  }

  async recordExport(partnerId: string, operatorKeyId: string, requestId: string | undefined, sections: string[]): Promise<void> {
    await this.prisma.auditEntry.create({
      data: {
        id: newId('audit'),
        actorType: 'operator',
        actorId: operatorKeyId,
        action: 'partner.data_exported',
        targetType: 'partner',
        targetId: partnerId,
        after: { sections } as Prisma.InputJsonObject,
        requestId,
      },
    });
  }

  erase(request: ErasureRequest) {
    return this.prisma.$transaction((tx) => eraseInTransaction(tx, request));
  }
}
