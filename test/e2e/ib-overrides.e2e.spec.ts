import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

/**
 * Multi-tier IB overrides through the real api, worker, Temporal and PostgreSQL: a sub-IB's sale
 * pays its master an override as a commission of the master's own, which the master's hold
 * workflow (told by the sub-IB's recording) releases — holds of 0 days, so at once — and a
 * partial refund of the sale takes back the master's part pro rata.
 */
describe('IB overrides (end to end)', () => {
  let stack: TestStack;
  let secret: string;
  let master: string;
  let sub: string;
  const api = apiClient(() => stack);

  const event = (body: Json) =>
    api('/v1/programs/demo/events', { method: 'POST', key: null, body: JSON.stringify(body), headers: { authorization: `Bearer ${secret}` } });
  const overrideOf = (conversionId: string, check: (commission: Json) => boolean, what: string) =>
    eventually(`the master's override of ${conversionId} to be ${what}`, async () =>
      (await readJson(await api(`/v1/partners/${master}/commissions`))).items.find((c: Json) => c.conversionId === conversionId && check(c)),
    );
  const approvedBalanceOf = async (partnerId: string) =>
    (await readJson(await api(`/v1/partners/${partnerId}/balance`))).currencies.find((c: Json) => c.currency === 'EUR')?.approved.amount;

  beforeAll(async () => {
    stack = await startTestStack('ib_overrides');
    [master, sub] = await Promise.all([activePartner(api, 'master@example.com', 'ib'), activePartner(api, 'sub@example.com', 'ib')]);
    secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    const parent = await api(`/v1/partners/${sub}/parent`, { method: 'PUT', body: JSON.stringify({ parentPartnerId: master }) });
    expect(await readJson(parent)).toMatchObject({ upline: [master] });
    const hold = await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) });
    expect(hold.status).toBe(201);
    const plan = {
      currency: 'EUR',
      rules: [
        { id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: '10' },
        { id: 'ib', type: 'ib_override', events: ['sale'], levels: [{ type: 'percentage_of_commission', rate: '20' }] },
      ],
    };
    const planResponse = await api('/v1/programs/demo/configs/commission-plan', { method: 'PUT', body: JSON.stringify({ document: plan }) });
    expect(planResponse.status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it("approves the master's override of a sub-IB's sale, and reverses its part of a partial refund", async () => {
    const clickId = await followLink(stack, (await linkFor(api, sub)).slug);
    // An hour-old click, so the fast-conversion flag stays out of the way.
    await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - 3_600_000) } });
    const sale = await readJson(await event({ type: 'sale', externalId: 'ib-order-1', clickId, amount: '200.00', currency: 'EUR' }));

    const override = await overrideOf(sale.conversionId, (c) => c.status === 'approved', 'approved');
    expect(override).toMatchObject({ ruleId: `ib/level-1/${sub}`, amount: { amount: '4.00', currency: 'EUR' } });
    const detail = await readJson(await api(`/v1/commissions/${override.id}`));
    expect(detail.explanation).toMatchObject({ inputs: { level: 1, subPartnerId: sub } });
    expect(detail.explanation.steps[0]).toBe(`IB override: level-1 master of sub-IB ${sub} on its sale`);
    expect(await approvedBalanceOf(master)).toBe('4.00');

    const refund = await readJson(await event({ type: 'refund', externalId: 'ib-refund-1', refersTo: 'ib-order-1', amount: '50.00', currency: 'EUR' }));
    expect(refund.outcome).toBe('inherited');
    await overrideOf(sale.conversionId, (c) => c.reversed.amount === '1.00', 'reversed by 1.00');
    expect(await approvedBalanceOf(master)).toBe('3.00');
    const report = await readJson(await api('/v1/programs/demo/reconciliation'));
    expect(report).toMatchObject({ balanced: true, differences: [] });
  });
});
