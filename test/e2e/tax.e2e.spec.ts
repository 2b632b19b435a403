import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey, type OperatorRole } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { validW8ben, validW8bene, validW9, validW9Corporation } from '../../domain/src/tax/tax-forms.fixtures';
import { apiClient, readJson, type Json } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Tax profiles and the 1099-NEC report through the real api and PostgreSQL. Payouts are written
 * straight into the tables (the payout run workflow has its own tests): what is tested here is
 * what the tax endpoints make of them.
 */
describe('tax profiles and the 1099-NEC report (end to end)', () => {
  let stack: TestStack;
  let programId: string;
  const keys: Partial<Record<OperatorRole, string>> = {};
  const api = apiClient(() => stack);
  const put = (partnerId: string, form: unknown, key?: string) =>
    api(`/v1/partners/${partnerId}/tax-profile`, { method: 'PUT', body: JSON.stringify(form), key });
  const audits = (partnerId: string) => stack.prisma.auditEntry.findMany({ where: { targetId: partnerId }, orderBy: { id: 'asc' } });

  async function partner(country = 'US'): Promise<string> {
    const id = newId('partner');
    await stack.prisma.partner.create({
      data: { id, programId, email: `${id}@example.com`, name: `Partner ${id.slice(-4)}`, country, audienceSize: 10, type: 'content', stage: 'ACTIVE', workflowId: `partner-${id}` },
    });
    return id;
  }

  let runNumber = 0;
  /** A payout of `amount` cents in its own run, in the given status and paid at `paidAt`. */
  async function payout(partnerId: string, amountMinor: bigint, paidAt: string, status: 'paid' | 'returned' = 'paid', currency = 'USD') {
    const periodEnd = new Date(Date.UTC(2020, 0, 1 + runNumber++));
    const run = await stack.prisma.payoutRun.create({
      data: { id: `payout-${programId}-${periodEnd.toISOString().slice(0, 10)}`, programId, periodEnd, cutoffAt: periodEnd, currency, policyVersion: 1, status: 'completed', trigger: 'manual' },
    });
    const returned = status === 'returned' ? { returnedAt: new Date(paidAt), failureReason: 'account closed' } : {};
    await stack.prisma.payout.create({
      data: { id: newId('payout'), runId: run.id, programId, partnerId, amountMinor, currency, status, gates: {}, method: 'manual', provider: 'manual', paidAt: new Date(paidAt), ...returned },
    });
  }

  beforeAll(async () => {
    stack = await startTestStack('tax');
    programId = newId('program');
    await stack.prisma.program.create({ data: { id: programId, slug: 'tax-e2e', name: 'Tax Test Program' } });
    for (const role of ['viewer', 'manager', 'finance', 'compliance'] as const) {
      const key = `pf_test_${role}_${randomBytes(8).toString('hex')}`;
      await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key) } });
      keys[role] = key;
    }
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('stores a W-9 with the TIN encrypted, shows it masked, audits the change and nothing secret', async () => {
    const ada = await partner();
    const saved = await put(ada, validW9(), keys.finance);
    expect(saved.status).toBe(200);
    const view = await readJson(saved);
    expect(view).toMatchObject({ partnerId: ada, formType: 'w9', usPerson: true, country: 'US', tin: { type: 'ssn', masked: '***-**-6789' }, expiresOn: null });
    expect(view.form).toMatchObject({ name: 'Ada Lovelace', federalTaxClassification: 'individual_sole_proprietor', address: { region: 'NY' } });

    const read = await api(`/v1/partners/${ada}/tax-profile`, { key: keys.compliance });
    expect(read.status).toBe(200);
    expect(await readJson(read)).toEqual(view);

    const row = await stack.prisma.taxProfile.findUniqueOrThrow({ where: { partnerId: ada } });
    expect(row.tinEncrypted).toMatch(/^v1\./);
    const everything = JSON.stringify([row, view, await audits(ada)], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    expect(everything).not.toMatch(/123456789|123-45-6789/);

    const [created] = await audits(ada);
    expect(created).toMatchObject({ action: 'tax_profile.created', actorType: 'operator', targetType: 'partner', after: expect.objectContaining({ formType: 'w9', tin: '***-**-6789' }) });
    expect(JSON.stringify(created.after)).not.toMatch(/Ada|Engine Street/);
  });

  it('changes nothing for the same form again, and audits what changed otherwise', async () => {
    const grace = await partner('GB');
    expect((await put(grace, validW8ben())).status).toBe(200);
    expect((await put(grace, validW8ben())).status).toBe(200);
    expect((await audits(grace)).map((entry) => entry.action)).toEqual(['tax_profile.created']);

    const moved = await put(grace, { ...validW8ben(), foreignTin: 'ZX 98 76 54 D', usTin: { type: 'itin', value: '912-70-1234' } });
    expect(await readJson(moved)).toMatchObject({ tin: { type: 'foreign', masked: '****654D' }, form: { usTin: { type: 'itin', masked: '***-**-1234' } } });
    const updated = (await audits(grace)).at(-1);
    expect(updated).toMatchObject({ action: 'tax_profile.updated', after: expect.objectContaining({ changed: ['foreignTin', 'usTin'] }) });

    const entity = await partner('DE');
    expect(await readJson(await put(entity, validW8bene()))).toMatchObject({ formType: 'w8bene', usPerson: false, expiresOn: '2029-12-31' });
  });

  it('answers 400 field by field and stores nothing, 404 for an unknown partner, 403 outside the roles', async () => {
    const sam = await partner();
    const invalid = await put(sam, { ...validW9(), tin: { type: 'ssn', value: '000-12-3456' }, address: { ...validW9().address, postalCode: 'x' } });
    expect(invalid.status).toBe(400);
    const body = await readJson(invalid);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((detail: Json) => detail.path).sort()).toEqual(['address.postalCode', 'tin.value']);
    expect(JSON.stringify(body)).not.toContain('000-12-3456');
    expect(await stack.prisma.taxProfile.count({ where: { partnerId: sam } })).toBe(0);
    expect((await api(`/v1/partners/${sam}/tax-profile`)).status).toBe(404);

    expect((await put('ptn_unknown', validW9())).status).toBe(404);
    expect((await put(sam, validW9(), keys.viewer)).status).toBe(403);
    expect((await put(sam, validW9(), keys.compliance)).status).toBe(403);
    expect((await api(`/v1/partners/${sam}/tax-profile`, { key: keys.viewer })).status).toBe(403);
    expect((await put(sam, validW9(), keys.manager)).status).toBe(200);
  });

  it('reports the year\'s US payees from the threshold on: JSON masked, CSV with full TINs for filing', async () => {
    const [over, under, corporation, foreign, returned, lastYear] = [await partner(), await partner(), await partner(), await partner('GB'), await partner(), await partner()];
    for (const id of [over, under, returned, lastYear]) expect((await put(id, validW9())).status).toBe(200);
    expect((await put(corporation, validW9Corporation())).status).toBe(200);
    expect((await put(foreign, validW8ben())).status).toBe(200);
    await payout(over, 150_000n, '2026-01-01T00:00:00Z');
    await payout(over, 50_000n, '2026-12-31T23:59:59.999Z');
    await payout(over, 70_000n, '2027-01-01T00:00:00Z');
    await payout(under, 199_999n, '2026-06-01T00:00:00Z');
    await payout(corporation, 500_000n, '2026-06-01T00:00:00Z');
    await payout(foreign, 500_000n, '2026-06-01T00:00:00Z');
    await payout(returned, 500_000n, '2026-06-01T00:00:00Z', 'returned');
    await payout(lastYear, 60_000n, '2025-12-31T12:00:00Z');

    const report = await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2026`, { key: keys.compliance });
    expect(report.status).toBe(200);
    const json = await readJson(report);
    expect(json).toMatchObject({ programId, taxYear: 2026, threshold: { amount: '2000.00', currency: 'USD' }, payer: { name: 'Tax Test Program' } });
    expect(json.recipients).toEqual([
      expect.objectContaining({ partnerId: over, name: 'Ada Lovelace', tin: { type: 'ssn', masked: '***-**-6789' }, box1NonemployeeCompensation: { amount: '2000.00', currency: 'USD' } }),
    ]);
    expect(json.excluded.map((row: Json) => row.partnerId)).toEqual([corporation]);
    expect(JSON.stringify(json)).not.toContain('123-45-6789');

    const lastYearReport = await readJson(await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2025`, { key: keys.finance }));
    expect(lastYearReport.threshold.amount).toBe('600.00');
    expect(lastYearReport.recipients.map((row: Json) => [row.partnerId, row.box1NonemployeeCompensation.amount])).toEqual([[lastYear, '600.00']]);

    const csv = await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2026`, { key: keys.finance, headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="1099-nec-tax-e2e-2026.csv"');
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toBe(`2026,Tax Test Program,ssn,123-45-6789,Ada Lovelace,Analytical Reviews,12 Engine Street,,Brooklyn,NY,11201,US,${over},2000.00,2`);
    expect(await stack.prisma.auditEntry.findFirst({ where: { targetId: programId, action: 'tax.form_1099_nec_exported' } })).toMatchObject({ after: { taxYear: 2026, recipients: 1, format: 'csv' } });

    // A year's threshold comes from the program's payout policy when it sets one.
    await stack.prisma.configVersion.create({
      data: { id: newId('config'), programId, kind: 'payout', version: 1, document: { form1099Thresholds: { overrides: { '2026': '2000.01' } } }, createdBy: 'test' },
    });
    const raised = await readJson(await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2026`, { key: keys.finance }));
    expect(raised).toMatchObject({ threshold: { amount: '2000.01' }, recipients: [] });
  });

  it('counts a payout in another currency at the program\'s USD rate of its payment date, and lists one without a rate', async () => {
    const euros = await partner();
    expect((await put(euros, validW9())).status).toBe(200);
    await payout(euros, 100_000n, '2026-02-01T00:00:00Z');
    await payout(euros, 100_000n, '2026-07-01T00:00:00Z', 'paid', 'EUR'); // 1,000.00 EUR
    await payout(euros, 50_000n, '2026-03-01T00:00:00Z', 'paid', 'EUR'); // before the rate: by hand
    const rates = { rates: [{ base: 'EUR', quote: 'USD', rate: '1.1', effectiveFrom: '2026-06-01T00:00:00Z' }] };
    expect((await api('/v1/programs/tax-e2e/fx-rates', { method: 'PUT', key: keys.finance, body: JSON.stringify(rates) })).status).toBe(200);
    const report = await readJson(await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2026`, { key: keys.finance }));
    const mine = report.recipients.find((row: Json) => row.partnerId === euros);
    expect(mine.box1NonemployeeCompensation).toEqual({ amount: '2100.00', currency: 'USD' });
    expect(report.convertedToUsd).toEqual([
      expect.objectContaining({ partnerId: euros, amount: { amount: '1000.00', currency: 'EUR' }, usd: { amount: '1100.00', currency: 'USD' }, rate: expect.objectContaining({ rate: '1.1' }) }),
    ]);
    expect(report.otherCurrencies).toEqual([expect.objectContaining({ partnerId: euros, amount: { amount: '500.00', currency: 'EUR' } })]);
  });

  it('keeps the report to finance, compliance and admin, and wants a year', async () => {
    expect((await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2026`, { key: keys.manager })).status).toBe(403);
    expect((await api(`/v1/programs/tax-e2e/tax/1099-nec?year=2026`, { key: keys.viewer, headers: { accept: 'text/csv' } })).status).toBe(403);
    const noYear = await api(`/v1/programs/tax-e2e/tax/1099-nec`, { key: keys.finance });
    expect(noYear.status).toBe(400);
    expect((await readJson(noYear)).error.details[0].path).toBe('year');
    expect((await api(`/v1/programs/nope/tax/1099-nec?year=2026`)).status).toBe(404);
  });
});
