import { pseudonymiseAuditRows } from '@partnerflow/activities';
import type { Prisma } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';

export interface ErasureRequest {
  partnerId: string;
  operatorKeyId: string;
  requestId?: string;
}

interface PersonalData {
  email: string;
  name: string;
  website: string | null;
}

export interface ErasureOutcome {
  erased: boolean;
  /** An earlier request erased it already: nothing was changed now. */
  alreadyErased: boolean;
  erasedAt: Date;
}

export const ERASED_NAME = 'Erased partner';
const REMOVED_TEXT = "(removed when the partner's personal data was erased)";
/** Unique per partner and never deliverable, like the wind-down's anonymised address. */
export const erasedEmail = (partnerId: string): string => `erased+${partnerId}@erased.invalid`;
export const ERASED_FIELDS = [
  'partner.name', 'partner.email', 'partner.website', 'partner.channels', 'partner.knownIpHashes',
  'messages.recipient', 'messages.body', 'messages.subject (operator emails)',
  'tax_profile.legalName', 'tax_profile.businessName', 'tax_profile.address', 'tax_profile.tin', 'tax_profile.fields', 'tax_profile.signatureName',
  'payout_method.details', 'sessions (revoked)', 'sign-in links (voided)', 'audit_log.actorId/before/after/reason (email → partner id)',
];

/**
 * Erases a partner's personal data in one transaction and records it once (the audit entry's key
 * is the partner's). Ids, stage, country, conversions, commissions, the ledger, payouts and audit
 * rows stay, so the books still add up; inside audit rows the partner's email becomes its id — the
 * one change the append-only trigger allows, and only under the setting made here.
 */
export async function eraseInTransaction(tx: Prisma.TransactionClient, request: ErasureRequest): Promise<ErasureOutcome> {
  const { partnerId } = request;
  // Locks the row: a concurrent erasure waits, then finds the audit entry and changes nothing.
  const [partner] = await tx.$queryRaw<PersonalData[]>`SELECT email, name, website FROM partners WHERE id = ${partnerId} FOR UPDATE`;
  if (!partner) throw new Error(`partner ${partnerId} does not exist`);
  const idempotencyKey = `privacy-erasure:${partnerId}`;
  const earlier = await tx.auditEntry.findUnique({ where: { idempotencyKey } });
  if (earlier) return { erased: true, alreadyErased: true, erasedAt: earlier.at };
  const entry = await tx.auditEntry.create({
    data: {
      id: newId('audit'),
      actorType: 'operator',
      actorId: request.operatorKeyId,
      action: 'partner.erased',
      targetType: 'partner',
      targetId: partnerId,
      after: { fields: ERASED_FIELDS },
      reason: 'data subject erasure request (GDPR art. 17 / CCPA)',
      requestId: request.requestId,
      idempotencyKey,
    },
  });

  const email = erasedEmail(partnerId);
  const now = new Date();
  await tx.partner.update({ where: { id: partnerId }, data: { name: ERASED_NAME, email, website: null, channels: [], knownIpHashes: [] } });
  await tx.message.updateMany({ where: { partnerId, recipientType: 'partner' }, data: { recipient: email } });
  await tx.message.updateMany({ where: { partnerId }, data: { bodyText: REMOVED_TEXT, bodyHtml: null } });
  await tx.$executeRaw`UPDATE messages SET subject = template || ' (about an erased partner)' WHERE partner_id = ${partnerId} AND recipient_type = 'operator'`;
  await tx.taxProfile.updateMany({
    where: { partnerId },
    data: { legalName: ERASED_NAME, businessName: null, address: {}, tinType: null, tinEncrypted: null, tinLast4: null, fields: {}, signatureName: ERASED_NAME },
  });
  await tx.payoutMethod.updateMany({ where: { partnerId }, data: { details: { erased: true } } });
  await tx.partnerSession.updateMany({ where: { partnerId, revokedAt: null }, data: { revokedAt: now } });
  await tx.magicLinkToken.updateMany({ where: { partnerId, usedAt: null }, data: { usedAt: now } });
  await pseudonymiseAuditRows(tx, partnerId, partner.email);
  await scrubOtherTables(tx, partnerId, partner);
  return { erased: true, alreadyErased: false, erasedAt: entry.at };
}

/** Tables handled above, or append-only by design and free of personal data (the ledger). */
const HANDLED_TABLES = ['partners', 'messages', 'tax_profiles', 'payout_methods', 'partner_sessions', 'magic_link_tokens', 'ledger_entries'];

/**
 * Copies of the email, name or website in the partner's rows of any other table (event payloads,
 * webhook bodies, tables added later): text and JSON columns are rewritten where they hold the
 * email, and JSON string values equal to the name or website are replaced, so erasure does not
 * depend on this file knowing every table.
 */
async function scrubOtherTables(tx: Prisma.TransactionClient, partnerId: string, partner: PersonalData): Promise<void> {
  const columns = await tx.$queryRaw<{ table: string; column: string; type: string }[]>`
    SELECT table_name AS table, column_name AS column, data_type AS type FROM information_schema.columns
    WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'json', 'jsonb')
      AND column_name NOT IN ('id', 'partner_id', 'idempotency_key') AND column_name NOT LIKE '%\\_id'
      AND table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'partner_id')`;
  const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
  // [found, replacement]: the email anywhere; in JSON, the name and website as whole string values.
  const textPairs: [string, string][] = [[partner.email, erasedEmail(partnerId)]];
  const jsonPairs: [string, string][] = [
    ...textPairs,
    [JSON.stringify(partner.name), JSON.stringify(ERASED_NAME)],
    ...(partner.website ? [[JSON.stringify(partner.website), 'null'] as [string, string]] : []),
  ];
  for (const { table, column, type } of columns.filter((c) => !HANDLED_TABLES.includes(c.table))) {
    const json = type === 'json' || type === 'jsonb';
    const pairs = json ? jsonPairs : textPairs;
    const col = `${quote(column)}${json ? '::text' : ''}`;
    // Identifiers come from the catalog, quoted; the values are bound parameters ($2, $3 = first pair, …).
    const replaced = pairs.reduce((sql, _pair, i) => `replace(${sql}, $${2 * i + 2}, $${2 * i + 3})`, col);
    const found = pairs.map((_pair, i) => `strpos(${col}, $${2 * i + 2}) > 0`).join(' OR ');
    await tx.$executeRawUnsafe(
      `UPDATE ${quote(table)} SET ${quote(column)} = ${replaced}${json ? `::${type}` : ''} WHERE partner_id = $1 AND (${found})`,
      partnerId,
      ...pairs.flat(),
    );
  }
}
