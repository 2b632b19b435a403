import { randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { apiKeyDisplayPrefix, hashApiKey, type LedgerEntryKind } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { pdfTextLines } from '../../domain/src/payouts/statements/statement-pdf-text';
import { apiClient, readJson } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Payout statements through the real api and PostgreSQL. The ledger entries, payouts and payout
 * items are written straight into the tables as the payout run would leave them (the run has its
 * own tests): a January run that carried a commission over, and a February payout paying it with
 * this period's commission, a partial refund and an earlier payout that came back.
 */
/** One CSV row (RFC 4180: quoted cells may hold commas and doubled quotes). */
function csvRow(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((match) => match[1].replace(/^"(.*)"$/s, '$1').replace(/""/g, '"'));
}

describe('payout statements (end to end)', () => {
  let stack: TestStack;
  let programId: string;
  let partnerId: string;
  let payoutId: string;
  let viewerKey: string;
  const api = apiClient(() => stack);
  const statement = (id: string, accept: string, key?: string) => api(`/v1/payouts/${id}/statement`, { key, headers: { accept } });

  async function conversion(type: 'sale' | 'refund', occurredAt: string, refersToId?: string) {
    const id = newId('conversion');
    await stack.prisma.conversion.create({
      data: {
        id, programId, type, externalId: id, source: 'event', occurredAt: new Date(occurredAt), amountMinor: type === 'sale' ? 20_000n : -5_000n, currency: 'EUR',
        sub1: type === 'sale' ? 'newsletter' : null, refersToId, partnerId, attributionOutcome: type === 'sale' ? 'attributed' : 'inherited', attribution: {}, commissionStatus: 'processed',
      },
    });
    return id;
  }

  async function commission(conversionId: string, amountMinor: bigint) {
    const id = newId('commission');
    const explanation = { planVersion: 2, rule: { ruleId: 'sale-revshare', planRuleId: 'sale-revshare', type: 'percentage', termsSource: 'program_default', tier: null }, inputs: {}, steps: ['terms', `10% = ${amountMinor / 100n}.00 EUR`] };
    await stack.prisma.commission.create({
      data: { id, programId, partnerId, conversionId, ruleId: 'sale-revshare', kind: 'percentage', amountMinor, currency: 'EUR', originalAmountMinor: amountMinor, originalCurrency: 'EUR', explanation, status: 'approved', holdUntil: new Date('2026-01-01') },
    });
    return id;
  }

  async function entry(kind: LedgerEntryKind, amountMinor: bigint, createdAt: string, refs: { commissionId?: string; conversionId?: string; payoutId?: string; explanation?: object } = {}) {
    const id = newId('ledgerEntry');
    await stack.prisma.ledgerEntry.create({ data: { id, programId, partnerId, kind, account: 'approved', amountMinor, currency: 'EUR', idempotencyKey: id, createdAt: new Date(createdAt), ...refs } });
    return { id, amountMinor };
  }

  async function run(periodEnd: string, cutoffAt: string) {
    const id = `payout-${programId}-${periodEnd}`;
    await stack.prisma.payoutRun.create({ data: { id, programId, periodEnd: new Date(periodEnd), cutoffAt: new Date(cutoffAt), currency: 'EUR', policyVersion: 1, status: 'completed', trigger: 'schedule' } });
    return id;
  }

  beforeAll(async () => {
    stack = await startTestStack('statements');
    programId = newId('program');
    partnerId = newId('partner');
    await stack.prisma.program.create({ data: { id: programId, slug: 'statements-e2e', name: 'Statements Program' } });
    await stack.prisma.partner.create({
      data: { id: partnerId, programId, email: 'ada@example.com', name: 'Ada Lovelace', country: 'GB', audienceSize: 10, type: 'content', stage: 'ACTIVE', workflowId: `partner-${partnerId}` },
    });
    viewerKey = `pf_test_viewer_${randomBytes(8).toString('hex')}`;
    await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: 'viewer', role: 'viewer', keyHash: hashApiKey(viewerKey), keyPrefix: apiKeyDisplayPrefix(viewerKey) } });

    const january = await run('2026-01-31', '2026-01-31T23:00:00Z');
    const returnedPayout = newId('payout');
    await stack.prisma.payout.create({
      data: { id: returnedPayout, runId: january, programId, partnerId, amountMinor: 250n, currency: 'EUR', status: 'returned', gates: {}, failureReason: 'account closed', paidAt: new Date('2026-02-02'), returnedAt: new Date('2026-02-10') },
    });
    const saleJan = await conversion('sale', '2026-01-05T10:00:00Z');
    const saleFeb = await conversion('sale', '2026-02-03T10:00:00Z');
    const refund = await conversion('refund', '2026-02-14T10:00:00Z', saleFeb);
    const carried = await entry('commission_approved', 1_000n, '2026-01-20T10:00:00Z', { commissionId: await commission(saleJan, 1_000n) });
    const febCommission = await commission(saleFeb, 2_000n);
    const current = await entry('commission_approved', 2_000n, '2026-02-10T10:00:00Z', { commissionId: febCommission });
    const reversal = await entry('commission_reversed', -500n, '2026-02-15T10:00:00Z', {
      commissionId: febCommission, conversionId: refund, explanation: { reversal: { type: 'refund', conversionId: refund, originalConversionId: saleFeb }, steps: ['25% of the commission = -5.00 EUR'] },
    });
    const comeBack = await entry('payout_returned', 250n, '2026-02-10T12:00:00Z', { payoutId: returnedPayout });
    const items = [carried, current, reversal, comeBack];

    payoutId = newId('payout');
    const amountMinor = items.reduce((sum, item) => sum + item.amountMinor, 0n);
    await stack.prisma.payout.create({
      data: {
        id: payoutId, runId: await run('2026-02-28', '2026-02-28T23:00:00Z'), programId, partnerId, amountMinor, currency: 'EUR', status: 'paid', gates: {}, method: 'bank_transfer', provider: 'bank-file',
        providerReference: 'SEPA-2026-02-0001', paidAt: new Date('2026-03-02T09:00:00Z'), items: { create: items.map((item) => ({ ledgerEntryId: item.id, amountMinor: item.amountMinor })) },
      },
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('explains the payout line by line in CSV, the total being the payout amount', async () => {
    const response = await statement(payoutId, 'text/csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="statement-${payoutId}.csv"`);
    const [header, lines, totals] = (await response.text()).split('\r\n\r\n').map((block) => block.trim().split('\r\n').map(csvRow));
    const fields = Object.fromEntries(header);
    expect(fields).toMatchObject({ payout_id: payoutId, status: 'paid', method: 'bank_transfer', provider: 'bank-file', provider_reference: 'SEPA-2026-02-0001', period: '2026-02-01 to 2026-02-28' });

    const column = (name: string) => lines[0].indexOf(name);
    const rows = lines.slice(1).map((row) => [row[column('type')], row[column('carried_over')], row[column('amount')]]);
    expect(rows).toEqual([
      ['commission', 'yes', '10.00'],
      ['commission', 'no', '20.00'],
      ['returned_payout', 'no', '2.50'],
      ['reversal', 'no', '-5.00'],
      ['fee', 'no', '0.00'],
    ]);
    expect(lines[2][column('explanation')]).toBe('plan v2, percentage rule "sale-revshare": 10% = 20.00 EUR');
    expect(lines[3][column('description')]).toMatch(/^Returned payout pay_\w+, paid again$/);
    expect(lines[2][column('sub_ids')]).toBe('newsletter');

    const payout = await stack.prisma.payout.findUniqueOrThrow({ where: { id: payoutId } });
    expect(totals).toEqual([
      ['currency', 'carried_over', 'this_period', 'fees', 'total', 'lines'],
      ['EUR', '10.00', '17.50', '0.00', '27.50', '4'],
    ]);
    expect(totals[1][4]).toBe((Number(payout.amountMinor) / 100).toFixed(2));
  });

  it('renders the same statement as a PDF with its totals', async () => {
    const response = await statement(payoutId, 'application/pdf');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = pdfTextLines(pdf, (data) => inflateSync(data)).join('\n');
    for (const expected of ['Payout statement', 'Statements Program', `Ada Lovelace (${partnerId})`, payoutId, 'SEPA-2026-02-0001', 'Carried over from earlier periods', '-5.00 EUR', 'Total 27.50 EUR']) {
      expect(text).toContain(expected);
    }
  });

  it('answers 404 for an unknown payout, 406 for other formats, 403 outside finance and managers', async () => {
    expect((await statement('pay_unknown', 'text/csv')).status).toBe(404);
    const json = await statement(payoutId, 'application/json');
    expect(json.status).toBe(406);
    expect((await readJson(json)).error.code).toBe('NOT_ACCEPTABLE');
    expect((await statement(payoutId, 'text/csv', viewerKey)).status).toBe(403);
    expect((await statement(payoutId, 'application/pdf;q=1, text/csv;q=0.5')).headers.get('content-type')).toBe('application/pdf');
  });
});
