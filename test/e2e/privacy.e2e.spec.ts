import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { referSale, signInPartner } from '../support/partner-access';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, linkFor } from '../support/tracking';

/**
 * GDPR/CCPA data subject requests: export everything about a partner, and erase its personal data
 * while the ledger and the audit trail stay, under the partner's pseudonymous id.
 */
describe('partner data export and erasure (end to end)', () => {
  let stack: TestStack;
  let ada: string;
  let compliance: string;
  let viewer: string;
  let session: string;
  const api = apiClient(() => stack);
  const EMAIL = 'ada.privacy@example.com';

  async function keyWithRole(role: 'compliance' | 'viewer'): Promise<string> {
    const key = `pf_test_${randomBytes(12).toString('base64url')}`;
    await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key) } });
    return key;
  }

  /** Every table whose rows mention the text anywhere (a row cast to text), with how many. */
  async function tablesMentioning(text: string): Promise<Record<string, number>> {
    const tables = await stack.prisma.$queryRaw<{ table: string }[]>`
      SELECT table_name AS table FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
    const found: Record<string, number> = {};
    for (const { table } of tables) {
      const [{ count }] = await stack.prisma.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count FROM "${table}" t WHERE t::text ILIKE '%' || $1 || '%'`, text);
      if (count > 0n) found[table] = Number(count);
    }
    return found;
  }

  beforeAll(async () => {
    stack = await startTestStack('privacy');
    compliance = await keyWithRole('compliance');
    viewer = await keyWithRole('viewer');
    ada = await activePartner(api, EMAIL);
    await referSale(stack, api, (await linkFor(api, ada)).slug, 'privacy-1', '80.00');
    await eventually('the commission', async () => (await stack.prisma.commission.findFirst({ where: { partnerId: ada } })) ?? undefined);
    await stack.prisma.taxProfile.create({
      data: {
        partnerId: ada, formType: 'w9', usPerson: true, legalName: 'Ada Lovelace', country: 'US', address: { line1: '1 Analytical Way', city: 'Boston' },
        tinType: 'ssn', tinEncrypted: 'v1:opaque-ciphertext', tinLast4: '6789', fields: { taxClassification: 'individual' }, signatureName: 'Ada Lovelace', signedAt: new Date(),
      },
    });
    await stack.prisma.payoutMethod.create({ data: { partnerId: ada, type: 'paypal', details: { email: EMAIL }, changedAt: new Date() } });
    session = await signInPartner(stack, api, EMAIL);
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('exports everything about the partner to compliance, without secrets, and audits the export', async () => {
    expect((await api(`/v1/partners/${ada}/export`, { key: viewer })).status).toBe(403);
    const response = await api(`/v1/partners/${ada}/export`, { key: compliance, headers: { 'x-request-id': 'req-export' } });
    expect(response.status).toBe(200);
    const data = await readJson(response);
    expect(data.profile).toMatchObject({ id: ada, email: EMAIL });
    expect(data.links).toHaveLength(1);
    expect(data.clicks.total).toBe(1);
    expect(data.conversions).toEqual([expect.objectContaining({ externalId: 'privacy-1', shareAmountMinor: '8000' })]);
    expect(data.commissions).toEqual([expect.objectContaining({ partnerId: ada, amountMinor: '800' })]);
    expect(data.ledger.length).toBeGreaterThan(0);
    expect(data.messages.map((m: Json) => m.template)).toEqual(expect.arrayContaining(['magic-link']));
    expect(data.taxProfile).toMatchObject({ tinLast4: '6789', legalName: 'Ada Lovelace' });
    expect(data.payoutMethod).toMatchObject({ type: 'paypal' });
    expect(data.sessions).toHaveLength(1);
    expect(data.auditEntries.map((e: Json) => e.action)).toEqual(expect.arrayContaining(['partner.applied', 'link.created', 'partner.signed_in']));
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/opaque-ciphertext|tokenHash|token_hash|pfs_|pml_/);
    expect(await stack.prisma.auditEntry.findFirst({ where: { targetId: ada, action: 'partner.data_exported' } })).toMatchObject({ requestId: 'req-export', actorType: 'operator' });
    expect((await api('/v1/partners/ptn_missing/export', { key: compliance })).status).toBe(404);
  });

  it('refuses to erase a partner still in the program', async () => {
    const response = await api(`/v1/partners/${ada}/erase`, { method: 'POST', key: compliance });
    expect(response.status).toBe(409);
    expect((await readJson(response)).error.message).toMatch(/terminate it first/);
  });

  it('erases the personal data once, keeping the ledger and the audit rows under the partner id', async () => {
    expect((await api(`/v1/partners/${ada}/terminate`, { method: 'POST', body: JSON.stringify({ reason: 'asked to leave', category: 'other' }) })).status).toBe(200);
    // The wind-down emails a final statement: let it be written before taking the counts.
    await eventually('the final statement email', async () =>
      (await stack.prisma.message.count({ where: { partnerId: ada, step: 'final-statement', status: 'sent' } })) > 0 ? true : undefined,
    );
    const ledgerBefore = await stack.prisma.ledgerEntry.count({ where: { partnerId: ada } });
    const auditBefore = await stack.prisma.auditEntry.count();
    expect(Object.keys(await tablesMentioning(EMAIL))).toEqual(expect.arrayContaining(['partners', 'audit_log']));

    expect((await api(`/v1/partners/${ada}/erase`, { method: 'POST', key: viewer })).status).toBe(403);
    const erased = await api(`/v1/partners/${ada}/erase`, { method: 'POST', key: compliance, headers: { 'x-request-id': 'req-erase' } });
    expect(erased.status).toBe(200);
    expect(await readJson(erased)).toMatchObject({ partnerId: ada, erased: true, alreadyErased: false });

    expect(await tablesMentioning(EMAIL)).toEqual({});
    expect(await tablesMentioning('Ada Lovelace')).toEqual({});
    // activePartner applies as "Tracy" with https://tracy.example.com.
    expect(await tablesMentioning('tracy.example.com')).toEqual({});
    const partner = await stack.prisma.partner.findUniqueOrThrow({ where: { id: ada } });
    expect(partner).toMatchObject({ name: 'Erased partner', website: null, channels: [], knownIpHashes: [] });
    expect(await stack.prisma.taxProfile.findUniqueOrThrow({ where: { partnerId: ada } })).toMatchObject({ tinEncrypted: null, tinLast4: null });
    expect((await api('/v1/me', { key: session })).status).toBe(401);

    expect(await stack.prisma.ledgerEntry.count({ where: { partnerId: ada } })).toBe(ledgerBefore);
    expect(await stack.prisma.auditEntry.count()).toBe(auditBefore + 1);
    const application = await stack.prisma.auditEntry.findFirstOrThrow({ where: { targetId: ada, action: 'partner.applied' } });
    expect(application.actorId).toBe(ada);
    expect(await stack.prisma.auditEntry.findFirst({ where: { targetId: ada, action: 'partner.erased' } })).toMatchObject({ requestId: 'req-erase' });

    const again = await readJson(await api(`/v1/partners/${ada}/erase`, { method: 'POST', key: compliance }));
    expect(again).toMatchObject({ erased: true, alreadyErased: true });
    expect(await stack.prisma.auditEntry.count()).toBe(auditBefore + 1);
    // The append-only rule still holds outside an erasure.
    await expect(stack.prisma.$executeRawUnsafe(`UPDATE audit_log SET actor_id = 'x' WHERE id = $1`, application.id)).rejects.toThrow(/append-only/);
  });
});
