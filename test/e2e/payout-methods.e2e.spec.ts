import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey, type OperatorRole } from '@partnerflow/db';
import { fromSepaIdentifier, newId } from '@partnerflow/domain';
import { findAll, parseXml, textAt } from '../../domain/src/payouts/bank-files/xml-tree.fixture';
import { apiClient, readJson, type Json } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

const DEBTOR = { PAYOUT_DEBTOR_NAME: 'Acme Partner Program GmbH', PAYOUT_DEBTOR_IBAN: 'DE89370400440532013000', PAYOUT_DEBTOR_BIC: 'COBADEFFXXX' };

/**
 * Payout methods and bank files through HTTP and the real api on PostgreSQL: operators set where partners are
 * paid (validated, masked, audited, `changedAt` only on a real change), and finance downloads a run's bank
 * files (the run and its payouts are written straight to the database: the run workflow has its own tests).
 */
describe('payout methods and bank files (end to end)', () => {
  let stack: TestStack;
  const keys: Partial<Record<OperatorRole, string>> = {};
  const api = apiClient(() => stack);
  const put = (partnerId: string, body: unknown, key?: string) =>
    api(`/v1/partners/${partnerId}/payout-method`, { method: 'PUT', body: JSON.stringify(body), ...(key ? { key } : {}) });
  const auditOf = (partnerId: string) => stack.prisma.auditEntry.findMany({ where: { targetId: partnerId, action: { startsWith: 'partner.payout_method' } }, orderBy: { at: 'asc' } });
  let ada: string;

  beforeAll(async () => {
    stack = await startTestStack('payout-methods', DEBTOR);
    for (const role of ['manager', 'finance', 'viewer', 'compliance'] as const) {
      const secret = `pf_test_${role}_${randomBytes(12).toString('base64url')}`;
      await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(secret), keyPrefix: apiKeyDisplayPrefix(secret) } });
      keys[role] = secret;
    }
    ada = await activePartner(api, 'ada@example.com');
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses an invalid account field by field and stores nothing', async () => {
    const response = await put(ada, { type: 'bank_transfer', details: { accountHolder: 'Ada Lovelace', iban: 'DE89 3704 0044 0532 0130 01', bic: 'COBA' } });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error.details).toEqual([
      { path: 'details.iban', message: 'the check digits do not match: a character is mistyped' },
      { path: 'details.bic', message: 'a BIC has 8 or 11 characters, not 4' },
    ]);
    const paypal = await readJson(await put(ada, { type: 'paypal', details: { email: 'nope' } }));
    expect(paypal.error.details).toEqual([{ path: 'details.email', message: 'must be the email address of a PayPal account' }]);
    expect((await api(`/v1/partners/${ada}/payout-method`)).status).toBe(404);
  });

  it('stores a method, shows it masked, and moves changedAt only when the account really changes', async () => {
    const first = await put(ada, { type: 'bank_transfer', details: { accountHolder: 'Ada Lovelace', iban: 'de89 3704 0044 0532 0130 00', bic: 'cobadeff' } }, keys.finance);
    expect(first.status).toBe(200);
    const saved = await readJson(first);
    expect(saved).toMatchObject({ partnerId: ada, type: 'bank_transfer', changed: true, details: { accountHolder: 'Ada Lovelace', iban: 'DE…3000', bic: 'COBADEFF', country: 'DE' } });

    const again = await readJson(await put(ada, { type: 'bank_transfer', details: { iban: 'DE89370400440532013000', accountHolder: 'Ada Lovelace', bic: 'COBADEFF' } }, keys.manager));
    expect(again).toMatchObject({ changed: false, changedAt: saved.changedAt });

    const paypal = await readJson(await put(ada, { type: 'paypal', details: { email: 'Ada.Lovelace@Example.com' } }));
    expect(paypal).toMatchObject({ changed: true, details: { email: 'a***e@example.com' } });
    expect(Date.parse(paypal.changedAt)).toBeGreaterThan(Date.parse(saved.changedAt));
    expect(await readJson(await api(`/v1/partners/${ada}/payout-method`, { key: keys.viewer }))).toEqual({
      partnerId: ada, type: 'paypal', details: { email: 'a***e@example.com' }, changedAt: paypal.changedAt, createdAt: saved.createdAt,
    });

    const audit = await auditOf(ada);
    expect(audit.map((entry) => entry.action)).toEqual(['partner.payout_method_added', 'partner.payout_method_changed']);
    expect(audit[1]).toMatchObject({ actorType: 'operator', before: { type: 'bank_transfer' }, after: { type: 'paypal', details: { email: 'a***e@example.com' } } });
    expect(JSON.stringify(audit)).not.toContain('DE89370400440532013000');
  });

  it('lets managers and finance change methods; others may only look', async () => {
    for (const role of ['viewer', 'compliance'] as const) {
      expect((await put(ada, { type: 'stripe', details: { accountId: 'acct_1Takeover0001' } }, keys[role])).status).toBe(403);
    }
    expect((await put('ptn_missing', { type: 'manual' })).status).toBe(404);
    expect((await readJson(await api(`/v1/partners/${ada}/payout-method`))).type).toBe('paypal');
  });

  it('gives finance the run’s SEPA file and CSV batch, leaving out an account changed after approval', async () => {
    const program = await stack.prisma.program.findUniqueOrThrow({ where: { slug: 'demo' } });
    const [bia, cy, dan] = [await activePartner(api, 'bia@example.com'), await activePartner(api, 'cy@example.com'), await activePartner(api, 'dan@example.com')];
    await put(bia, { type: 'bank_transfer', details: { accountHolder: 'Bia Müller', iban: 'FR1420041010050500013M02606' } });
    await put(cy, { type: 'bank_transfer', details: { accountHolder: 'Cy', iban: 'NL91ABNA0417164300' } });
    await put(dan, { type: 'bank_transfer', details: { accountHolder: 'Dan', accountNumber: '000123456789', routingNumber: '021000021', country: 'US' } });
    const runId = `payout-${program.id}-2026-01-31`;
    await stack.prisma.payoutRun.create({
      data: { id: runId, programId: program.id, periodEnd: new Date('2026-01-31'), cutoffAt: new Date('2026-02-01T00:00:00Z'), currency: 'EUR', policyVersion: 1, status: 'disbursing', trigger: 'manual' },
    });
    const payout = (partnerId: string, amountMinor: bigint, currency = 'EUR') =>
      stack.prisma.payout.create({ data: { id: newId('payout'), runId, programId: program.id, partnerId, amountMinor, currency, status: 'processing', gates: {}, method: 'bank_transfer', provider: 'bank-file' } });
    const [toBia, toCy, toDan] = [await payout(bia, 12_345n), await payout(cy, 50_000n), await payout(dan, 7_000n, 'USD')];
    await put(cy, { type: 'bank_transfer', details: { accountHolder: 'Mallory', iban: 'GB29NWBK60161331926819' } });

    expect((await api(`/v1/payout-runs/${runId}/bank-files`, { key: keys.manager })).status).toBe(403);
    const list = await readJson(await api(`/v1/payout-runs/${runId}/bank-files`, { key: keys.finance }));
    expect(list.files).toEqual([
      expect.objectContaining({ name: `${runId}-sepa-eur.xml`, format: 'sepa-xml', payouts: 1, total: { amount: '123.45', currency: 'EUR' }, available: true }),
      expect.objectContaining({ name: `${runId}-usd.csv`, format: 'csv', payouts: 1, total: { amount: '70.00', currency: 'USD' }, available: true }),
    ]);
    expect(list.excluded).toEqual([{ payoutId: toCy.id, partnerId: cy, reason: expect.stringMatching(/changed after this run approved/) }]);

    const xmlResponse = await api(`/v1/payout-runs/${runId}/bank-files/${runId}-sepa-eur.xml`, { key: keys.finance });
    expect(xmlResponse.status).toBe(200);
    expect(xmlResponse.headers.get('content-type')).toMatch(/^application\/xml/);
    const document = parseXml(await xmlResponse.text());
    expect(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/NbOfTxs')).toBe('1');
    expect(textAt(document, 'CstmrCdtTrfInitn/GrpHdr/CtrlSum')).toBe('123.45');
    expect(textAt(document, 'CstmrCdtTrfInitn/PmtInf/DbtrAcct/Id/IBAN')).toBe(DEBTOR.PAYOUT_DEBTOR_IBAN);
    const [transaction] = findAll(document, 'CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf');
    expect(fromSepaIdentifier(textAt(transaction, 'PmtId/EndToEndId'))).toBe(toBia.id);
    expect(textAt(transaction, 'Cdtr/Nm')).toBe('Bia Muller');
    expect(textAt(transaction, 'CdtrAcct/Id/IBAN')).toBe('FR1420041010050500013M02606');

    const csv = await (await api(`/v1/payout-runs/${runId}/bank-files/${runId}-usd.csv`, { key: keys.finance })).text();
    expect(csv.split('\r\n')[1]).toBe(`${toDan.id},${dan},Dan,,,000123456789,021000021,US,70.00,USD,Partner payout ${toDan.id}`);

    expect((await api(`/v1/payout-runs/${runId}/bank-files/other.csv`, { key: keys.finance })).status).toBe(404);
    expect((await api('/v1/payout-runs/payout-unknown/bank-files')).status).toBe(404);
    const downloads: Json[] = await stack.prisma.auditEntry.findMany({ where: { targetId: runId, action: 'payout_run.bank_file_downloaded' } });
    expect(downloads.map((entry) => entry.after.file).sort()).toEqual([`${runId}-sepa-eur.xml`, `${runId}-usd.csv`]);
  }, 120_000);

  it('documents the endpoints in the OpenAPI description', async () => {
    const docs = await readJson(await api('/docs-json', { key: null }));
    expect(Object.keys(docs.paths['/v1/partners/{partnerId}/payout-method']).sort()).toEqual(['get', 'put']);
    expect(docs.paths['/v1/payout-runs/{runId}/bank-files/{name}'].get).toBeDefined();
    expect(JSON.stringify(docs.components.schemas.PayoutMethodBodyDto)).toContain('bank_transfer');
  });
});
