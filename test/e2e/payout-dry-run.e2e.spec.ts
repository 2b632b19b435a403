import { apiClient, readJson, type Json } from '../support/http';
import { approvedBalanceReaches, earnSale, makePayable } from '../support/payouts';
import { startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

jest.setTimeout(180_000);

/**
 * Finance asks what the next payout run would do before it runs: through the real api, worker
 * (hold release), Temporal and PostgreSQL, three partners with approved balances under the demo
 * program's seeded policy (minimum 10.00 EUR; a partner's first payout needs an approval). The
 * dry run names each partner's amount, gates and approvals — and writes nothing.
 */
describe('payout config dry run (end to end)', () => {
  let stack: TestStack;
  let secret: string;
  const partners = { ada: '', bob: '', cy: '' };
  const api = apiClient(() => stack);

  /** A sale, then its commission (the demo plan pays 10%) released at once (hold 0 days). */
  const earn = async (partnerId: string, amount: string, commission: string) => {
    await earnSale(stack, api, secret, partnerId, amount);
    await approvedBalanceReaches(api, partnerId, commission);
  };
  const payable = (partnerId: string, options?: { taxForm: boolean }) => makePayable(stack, api, partnerId, options);

  beforeAll(async () => {
    stack = await startTestStack('payoutdry');
    secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    expect((await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) })).status).toBe(201);
    for (const name of Object.keys(partners) as (keyof typeof partners)[]) partners[name] = await activePartner(api, `${name}.dry@example.com`);
    await payable(partners.ada);
    await payable(partners.bob);
    await payable(partners.cy, { taxForm: false });
    await earn(partners.ada, '1500.00', '150.00');
    await earn(partners.bob, '50.00', '5.00'); // below the minimum
    await earn(partners.cy, '500.00', '50.00'); // no tax form
  }, 600_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const dryRun = (body: Json) => api('/v1/programs/demo/configs/payout/dry-run', { method: 'POST', body: JSON.stringify(body) });

  it("answers the next run's period and, per partner, the amount, gates and approvals — and writes nothing", async () => {
    const response = await dryRun({});
    expect(response.status).toBe(200);
    const { payout, configVersion } = await readJson(response);
    expect(configVersion).toEqual(expect.any(Number));
    expect(Date.parse(payout.nextRun.runAt)).toBeGreaterThan(Date.now());
    const byPartner = new Map(payout.payouts.map((p: Json) => [p.partnerId, p]));
    expect(byPartner.get(partners.ada)).toMatchObject({ amount: '150.00', status: 'awaiting_approval', approvalsRequired: 1, method: 'manual', provider: 'manual' });
    expect((byPartner.get(partners.ada) as Json).approvalReasons.join(' ')).toMatch(/first payout/i);
    expect(byPartner.get(partners.bob)).toMatchObject({ amount: '5.00', status: 'carried_over', gates: { minimum: { outcome: 'failed' } } });
    expect(byPartner.get(partners.cy)).toMatchObject({ amount: '50.00', status: 'held', gates: { tax: { outcome: 'failed' } } });
    expect(payout.totals).toEqual(
      expect.arrayContaining([
        { status: 'awaiting_approval', count: 1, amount: '150.00' },
        { status: 'carried_over', count: 1, amount: '5.00' },
        { status: 'held', count: 1, amount: '50.00' },
      ]),
    );
    expect(await stack.prisma.payoutRun.count()).toBe(0);
    expect(await stack.prisma.payout.count()).toBe(0);
    expect(await stack.prisma.operatorTask.count({ where: { kind: 'payout_approval' } })).toBe(0);
  });

  it('answers for one partner, and under a draft policy with another minimum', async () => {
    const one = (await readJson(await dryRun({ partnerId: partners.bob }))).payout;
    expect(one.payouts.map((p: Json) => [p.partnerId, p.status])).toEqual([[partners.bob, 'carried_over']]);

    const current = (await readJson(await api('/v1/programs/demo/configs/payout'))).document;
    const lower = { ...current, methods: Object.fromEntries(Object.entries(current.methods as Json).map(([method, terms]) => [method, { ...(terms as Json), minimum: '1.00' }])) };
    const draft = await readJson(await dryRun({ partnerId: partners.bob, document: lower }));
    expect(draft.configVersion).toBeNull();
    expect(draft.payout.payouts[0]).toMatchObject({ partnerId: partners.bob, status: 'awaiting_approval', gates: { minimum: { outcome: 'passed' } } });
  });

  it('refuses an invalid draft with the path of the problem, and a partner of no program', async () => {
    const invalid = await dryRun({ document: { currency: 'EURO' } });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await readJson(invalid))).toContain('currency');
    expect((await dryRun({ partnerId: 'ptn_nobody' })).status).toBe(404);
  });
});
