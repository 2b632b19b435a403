import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

/**
 * The FX rate table through the real api, worker, Temporal and PostgreSQL: a sale in USD under
 * the demo program's EUR plan waits, unpriced and saying why, until finance adds a USD→EUR rate;
 * the PUT re-prices it at once, at the rate effective at the sale, named in its explanation.
 */
describe('FX rates and re-pricing (end to end)', () => {
  let stack: TestStack;
  let secret: string;
  let ada: string;
  let finance: string;
  let viewer: string;
  const api = apiClient(() => stack);
  const put = (body: Json, key?: string) => api('/v1/programs/demo/fx-rates', { method: 'PUT', body: JSON.stringify(body), ...(key ? { key } : {}) });
  const usdRate = { base: 'USD', quote: 'EUR', rate: '0.90', effectiveFrom: '2020-01-01T00:00:00Z' };

  async function keyWithRole(role: 'finance' | 'viewer'): Promise<string> {
    const key = `pf_test_${randomBytes(12).toString('base64url')}`;
    await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key) } });
    return key;
  }

  beforeAll(async () => {
    stack = await startTestStack('fx-rates');
    finance = await keyWithRole('finance');
    viewer = await keyWithRole('viewer');
    ada = await activePartner(api, 'ada.fx@example.com');
    secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    expect((await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) })).status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('leaves a sale in another currency unpriced, saying which rate is missing', async () => {
    const clickId = await followLink(stack, (await linkFor(api, ada)).slug);
    await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - 3_600_000) } });
    const event = { type: 'sale', externalId: 'usd-order-1', clickId, amount: '100.00', currency: 'USD' };
    const sale = await api('/v1/programs/demo/events', { method: 'POST', key: null, body: JSON.stringify(event), headers: { authorization: `Bearer ${secret}` } });
    expect(sale.status).toBe(201);
    const waiting = await eventually('the sale listed as unpriced', async () => (await readJson(await api('/v1/programs/demo/fx-rates/unpriced'))).items[0]);
    expect(waiting).toMatchObject({ partnerId: ada, base: 'USD', quote: 'EUR', reason: expect.stringContaining('no FX rate from USD to EUR effective at') });
    expect(await stack.prisma.commission.count({ where: { partnerId: ada } })).toBe(0);
  });

  it('refuses bad batches field by field, and other roles than finance, storing nothing', async () => {
    const bad = await put({ rates: [usdRate, { base: 'USD', quote: 'USD', rate: '1', effectiveFrom: '2020-01-01T00:00:00Z' }, { ...usdRate, rate: 0.9 }] });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.details.map((detail: Json) => detail.path).sort()).toEqual(['rates.1.quote', 'rates.2.rate']);
    expect((await put({ rates: [usdRate] }, viewer)).status).toBe(403);
    expect((await readJson(await api('/v1/programs/demo/fx-rates'))).items).toEqual([]);
  });

  it('re-prices the waiting sale when finance adds the rate, naming the rate in the explanation', async () => {
    const response = await put({ rates: [usdRate] }, finance);
    expect(response.status).toBe(200);
    const stored = await readJson(response);
    expect(stored).toMatchObject({ created: 1, repricing: { conversions: 1, handedOver: 1 }, rates: [{ scope: 'program', base: 'USD', quote: 'EUR', rate: '0.9' }] });
    const rateId = stored.rates[0].id;

    const commission = await eventually('the re-priced commission, approved', async () =>
      (await readJson(await api(`/v1/partners/${ada}/commissions`))).items.find((c: Json) => c.status === 'approved'),
    );
    // 10% of 100.00 USD = 10.00 USD, × 0.9 = 9.00 EUR
    expect(commission).toMatchObject({ amount: { amount: '9.00', currency: 'EUR' }, originalAmount: { amount: '10.00', currency: 'USD' }, fxRate: '0.9' });
    const detail = await readJson(await api(`/v1/commissions/${commission.id}`));
    expect(detail.explanation.inputs).toMatchObject({ fxRate: '1 USD = 0.9 EUR', fxRateId: rateId, fxRateEffectiveFrom: '2020-01-01T00:00:00.000Z' });
    expect((await readJson(await api('/v1/programs/demo/fx-rates/unpriced'))).items).toEqual([]);
  });

  it('answers a repeated batch with the stored rates and re-prices nothing; refuses to change a stored rate', async () => {
    const again = await readJson(await put({ rates: [{ ...usdRate, rate: '0.9000', effectiveFrom: '2020-01-01T01:00:00+01:00' }] }, finance));
    expect(again).toMatchObject({ created: 0, repricing: { conversions: 0, handedOver: 0 } });
    const conflict = await put({ rates: [{ ...usdRate, rate: '0.95' }] }, finance);
    expect(conflict.status).toBe(409);
    expect((await readJson(conflict)).error.details).toEqual([expect.objectContaining({ path: 'rates.0.rate' })]);
    expect(await stack.prisma.fxRate.count()).toBe(1);
  });

  it('lists the history and the rate in force at an instant, with global rates behind the program\'s own', async () => {
    const global = await api('/v1/fx-rates', { method: 'PUT', body: JSON.stringify({ rates: [{ ...usdRate, rate: '0.5', effectiveFrom: '2021-01-01T00:00:00Z' }, { base: 'GBP', quote: 'EUR', rate: '1.17', effectiveFrom: '2021-01-01T00:00:00Z' }] }) });
    expect(global.status).toBe(200);
    expect((await put({ rates: [usdRate] }, viewer)).status).toBe(403);
    const history = await readJson(await api('/v1/programs/demo/fx-rates?base=USD'));
    expect(history.items.map((rate: Json) => [rate.scope, rate.rate])).toEqual([['program', '0.9'], ['global', '0.5']]);
    const inForce = await readJson(await api('/v1/programs/demo/fx-rates?at=2022-06-01T00:00:00Z'));
    expect(inForce.items.map((rate: Json) => [rate.base, rate.scope, rate.rate])).toEqual([['GBP', 'global', '1.17'], ['USD', 'program', '0.9']]);
    expect((await api('/v1/programs/demo/fx-rates?at=yesterday')).status).toBe(400);
  });

  it('prices other currencies in the plan dry run, and reconciles', async () => {
    const draft = { currency: 'EUR', rules: [{ id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: '20' }] };
    const { commissionPlan } = await readJson(await api('/v1/programs/demo/configs/commission-plan/dry-run', { method: 'POST', body: JSON.stringify({ document: draft }) }));
    expect(commissionPlan).toMatchObject({ unpriced: [], partners: [{ partnerId: ada, current: { amount: '9.00' }, proposed: { amount: '18.00' } }] });
    expect(await readJson(await api('/v1/programs/demo/reconciliation'))).toMatchObject({ balanced: true, differences: [] });
  });
});
