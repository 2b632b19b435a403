import { hashApiKey, apiKeyDisplayPrefix } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';
import {
  activation, activePartners, cohorts, concentration, conversionRate, ltvCommission, orderValue, partnerRevenue, payoutLag, timeToFirstReferral, touchComparison,
} from './reports-expected';
import { loadWorld, type Grouping, type World } from './reports-oracle';
import { seedReportHistory } from './reports-seed';

type Expected = { rows: Json[]; totals: Json; trend?: Json[] };
const CASES: [string, Grouping[], (world: World, g: Grouping) => Expected][] = [
  ['partner-revenue', ['month', 'partner', 'week', 'day', 'partner_type', 'country'], partnerRevenue],
  ['active-partners', ['month', 'country', 'week', 'day', 'partner_type'], activePartners],
  ['activation', ['month', 'partner_type', 'week', 'country'], activation],
  ['conversion-rate', ['month', 'partner', 'day', 'partner_type', 'country'], conversionRate],
  ['order-value', ['month', 'partner', 'week', 'partner_type', 'country'], orderValue],
  ['time-to-first-referral', ['month', 'country', 'partner_type', 'week'], timeToFirstReferral],
  ['payout-lag', ['month', 'partner', 'week', 'country'], payoutLag],
  ['concentration', ['month', 'partner', 'week'], concentration],
  ['ltv-commission', ['partner', 'partner_type', 'country'], ltvCommission],
  ['cohorts', ['month'], (world) => cohorts(world)],
  ['touch-comparison', ['partner', 'month', 'partner_type', 'country'], touchComparison],
];

/** RFC 4180, strictly: fields quoted or bare, quotes doubled inside quotes, every record ended by CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[at] === '"') {
        for (at += 1; ; at += 1) {
          if (at >= text.length) throw new Error('unterminated quoted field');
          if (text[at] === '"' && text[at + 1] === '"') {
            field += '"';
            at += 1;
          } else if (text[at] === '"') {
            break;
          } else {
            field += text[at];
          }
        }
        at += 1;
      } else {
        while (at < text.length && !/[,\r\n"]/.test(text[at])) field += text[at++];
        if (text[at] === '"') throw new Error(`bare quote in a field at ${at}`);
      }
      record.push(field);
      if (text[at] === ',') at += 1;
      else if (text.startsWith('\r\n', at)) break;
      else throw new Error(`expected , or CRLF at ${at}`);
    }
    at += 2;
    records.push(record);
  }
  return records;
}

/** What a JSON cell looks like in the CSV: money as its decimal, null empty, formula-like text defused. */
const csvCell = (value: Json, kind: string) =>
  value === null ? '' : typeof value === 'object' ? value.amount : kind === 'text' && /^[=+\-@]/.test(String(value)) ? `'${value}` : String(value);

describe('program reports (end to end)', () => {
  let stack: TestStack;
  let programId: string;
  let world: Omit<World, 'asOf'>;
  const api = apiClient(() => stack);
  const now = new Date();
  const base = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
  const from = base.toISOString().slice(0, 10);
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString().slice(0, 10);
  const report = (name: string, query: Record<string, string>, headers: Record<string, string> = {}, key?: string) =>
    api(`/v1/programs/demo/reports/${name}?${new URLSearchParams({ from, to, ...query })}`, { headers, ...(key ? { key } : {}) });

  /** Today's activity through the real doors: clicks on links, merchant events, the hold workflow's commissions. */
  async function liveActivity() {
    const secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    const event = (body: Json) => api('/v1/programs/demo/events', { method: 'POST', key: null, body: JSON.stringify(body), headers: { authorization: `Bearer ${secret}` } });
    // Dana is approved today and refers nothing: still inside her 30 days.
    const [ada, ben, cleo] = await Promise.all(
      [['ada', 'content'], ['ben', 'coupon'], ['cleo', 'influencer'], ['dana', 'agency']].map(([name, type]) => activePartner(api, `${name}@example.com`, type)),
    );
    const [adaLink, benLink, cleoLink] = await Promise.all([linkFor(api, ada), linkFor(api, ben), linkFor(api, cleo)]);
    const adaClick = await followLink(stack, adaLink.slug);
    await followLink(stack, adaLink.slug, { 'user-agent': 'curl/8.5.0' });
    const benClick = await followLink(stack, benLink.slug);
    const visitorId = (await stack.prisma.click.findUniqueOrThrow({ where: { id: benClick } })).visitorId;
    const adaAfterBen = await followLink(stack, adaLink.slug, { cookie: `pf_click_v=${visitorId}` });
    const cleoClick = await followLink(stack, cleoLink.slug);
    // A conversion within 10 s of its click is flagged as too fast: customers take a moment.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect((await api(`/v1/partners/${ben}/coupons`, { method: 'POST', body: JSON.stringify({ code: 'BEN10' }) })).status).toBe(201);
    const events = [
      { type: 'sale', externalId: 'live-1', clickId: adaClick, customerId: 'live-cust-1', amount: '120.00', currency: 'EUR' },
      { type: 'sale', externalId: 'live-2', clickId: adaAfterBen, customerId: 'live-cust-2', amount: '80.00', currency: 'EUR' },
      { type: 'signup', externalId: 'live-3', clickId: cleoClick },
      { type: 'sale', externalId: 'live-4', couponCode: 'ben10', customerId: 'live-cust-3', amount: '50.00', currency: 'EUR' },
      { type: 'refund', externalId: 'live-5', refersTo: 'live-1', amount: '20.00', currency: 'EUR' },
      { type: 'renewal', externalId: 'live-6', customerId: 'live-cust-1', amount: '120.00', currency: 'EUR' },
    ];
    const outcomes = [];
    for (const body of events) outcomes.push((await readJson(await event(body))).outcome);
    expect(outcomes).toEqual(['attributed', 'attributed', 'attributed', 'attributed', 'inherited', 'recurring']);
    // The demo plan pays sales and signups: four commissions, one partly reversed by the refund.
    await eventually('the live commissions and the refund reversal', async () => {
      const pending = await stack.prisma.conversion.count({ where: { programId, externalId: { startsWith: 'live-' }, commissionStatus: 'pending' } });
      const commissions = await stack.prisma.commission.count({ where: { partnerId: { in: [ada, ben, cleo] } } });
      const reversals = await stack.prisma.ledgerEntry.count({ where: { partnerId: ada, kind: 'commission_reversed' } });
      return pending === 0 && commissions === 4 && reversals === 1 ? true : undefined;
    }, 60_000);
    for (const id of [ada, ben, cleo]) {
      await eventually(`${id} to reach PRODUCING`, async () => ((await readJson(await api(`/v1/partners/${id}`))).stage === 'PRODUCING' ? true : undefined));
    }
  }

  beforeAll(async () => {
    stack = await startTestStack('reports');
    programId = (await stack.prisma.program.findUniqueOrThrow({ where: { slug: 'demo' } })).id;
    expect((await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) })).status).toBe(201);
    await seedReportHistory(stack.prisma, programId, base);
    await liveActivity();
    world = await loadWorld(stack.prisma, programId, { from: new Date(from), to: new Date(to), asOf: new Date(0), currency: 'EUR' });
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it.each(CASES)('%s equals what the raw rows say: JSON for every grouping, CSV for two', async (name, groupings, expected) => {
    for (const [index, groupBy] of groupings.entries()) {
      const response = await report(name, { groupBy });
      expect(response.status).toBe(200);
      const body = await readJson(response);
      const want = expected({ ...world, asOf: new Date(body.asOf) }, groupBy);
      expect({ groupBy, rows: body.rows, totals: body.totals }).toEqual({ groupBy, rows: want.rows, totals: want.totals });
      expect(body).toMatchObject({ report: name, programId, currency: 'EUR', groupBy, from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` });
      expect(body.definition).toMatch(/\w.*\.$/);
      if (want.trend) expect(body.trend.rows).toEqual(want.trend);
      if (index >= 2) continue;

      const csv = await report(name, { groupBy }, { accept: 'text/csv' });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(csv.headers.get('content-disposition')).toContain(`${name}-demo-${from}-${to}.csv`);
      const [header, ...records] = parseCsv(await csv.text());
      const kinds: string[] = body.columns.map((column: Json) => column.kind);
      expect(header).toEqual([...body.columns.map((column: Json) => column.key), ...(kinds.includes('money') ? ['currency'] : [])]);
      expect(header.slice(0, Object.keys(want.totals).length)).toEqual(Object.keys(want.totals));
      const wanted = [...want.rows, want.totals].map((row) => [...body.columns.map((column: Json) => csvCell(row[column.key], column.kind)), ...(kinds.includes('money') ? ['EUR'] : [])]);
      expect(records).toEqual(wanted);
    }
  });

  it('exports the cohort trend as CSV and covers what the seeded history holds', async () => {
    const trend = parseCsv(await (await report('cohorts', { table: 'trend' }, { accept: 'text/csv' })).text());
    expect(trend[0].slice(0, 3)).toEqual(['cohort', 'month', 'monthsSinceJoin']);
    expect(trend.length - 1).toBe(cohorts({ ...world, asOf: new Date() }).trend.length);

    const touches = await readJson(await report('touch-comparison', { groupBy: 'month' }));
    expect(touches.totals.disputedConversions).toBeGreaterThanOrEqual(2);
    const lag = await readJson(await report('payout-lag', { groupBy: 'month' }));
    expect(lag.totals.commissions).toBeGreaterThan(0);
    const revenue = await readJson(await report('partner-revenue', { groupBy: 'partner' }));
    expect(revenue.rows.length).toBeGreaterThan(10);
    expect(revenue.notes.join(' ')).toMatch(/in USD .* not in these figures/);
    const cohort = await readJson(await report('cohorts', {}));
    expect(cohort.notes.join(' ')).toMatch(/tiers are not stored/i);
    const activated = await readJson(await report('activation', {}));
    expect(activated.totals.stillInWindow).toBe(1);
    expect(activated.totals.approved).toBeGreaterThan(activated.totals.activated + 1);
  });

  it('answers an unknown report with 404 naming the reports, and bad parameters with field-level 400s', async () => {
    const unknown = await report('north-star', {});
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).error.message).toContain('partner-revenue, active-partners, activation');
    const bad = await api('/v1/programs/demo/reports/partner-revenue?from=2026-13-01&groupBy=year');
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.details.map((d: Json) => d.path).sort()).toEqual(['from', 'groupBy']);
    const reversed = await readJson(await report('activation', { from: to, to: from }));
    expect(reversed.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'to', message: expect.any(String) }] });
    const grouping = await readJson(await report('active-partners', { groupBy: 'partner' }));
    expect(grouping.error.details).toEqual([{ path: 'groupBy', message: expect.stringContaining('partner_type') }]);
    expect((await api('/v1/programs/nope/reports/activation')).status).toBe(404);
  });

  it('lets viewers and finance read reports, not compliance; an empty program has an empty payout lag', async () => {
    const keyFor = async (role: 'viewer' | 'finance' | 'compliance') => {
      const key = `pf_test_${role}_${newId('apiKey')}`;
      await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key) } });
      return key;
    };
    expect((await report('partner-revenue', {}, {}, await keyFor('viewer'))).status).toBe(200);
    expect((await report('payout-lag', {}, {}, await keyFor('finance'))).status).toBe(200);
    expect((await report('partner-revenue', {}, {}, await keyFor('compliance'))).status).toBe(403);
    expect((await api('/v1/programs', { method: 'POST', body: JSON.stringify({ slug: 'quiet', name: 'Quiet' }) })).status).toBe(201);
    const lag = await api('/v1/programs/quiet/reports/payout-lag');
    expect(lag.status).toBe(200);
    const body = await readJson(lag);
    expect(body.totals).toMatchObject({ commissions: 0, medianDays: null, paidAmount: { amount: '0.00', currency: 'EUR' } });
    expect(body.notes).toEqual(['No commission was paid by a payout in this range.']);
  });
});
