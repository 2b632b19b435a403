import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

/**
 * Conversion → commission → ledger through the real api, worker, Temporal and PostgreSQL, under
 * the demo program's seeded plan (10% of sales, 5.00 per signup) with holds of 0 days so releases
 * happen at once (the timed holds are covered by the workflow's time-skipping tests).
 */
describe('commissions and the ledger (end to end)', () => {
  let stack: TestStack;
  let secret: string;
  let ada: string;
  const api = apiClient(() => stack);

  const event = (body: Json) =>
    api('/v1/programs/demo/events', { method: 'POST', key: null, body: JSON.stringify(body), headers: { authorization: `Bearer ${secret}` } });
  const commissionsOf = async (partnerId: string): Promise<Json[]> => (await readJson(await api(`/v1/partners/${partnerId}/commissions`))).items;
  const commissionFor = (conversionId: string, status: string) =>
    eventually(`the commission of ${conversionId} to be ${status}`, async () =>
      (await commissionsOf(ada)).find((commission) => commission.conversionId === conversionId && commission.status === status),
    );
  const approvedBalance = async () => (await readJson(await api(`/v1/partners/${ada}/balance`))).currencies.find((c: Json) => c.currency === 'EUR')?.approved.amount;

  /** A click an hour old, so the fast-conversion flag stays out of the way. */
  async function oldClick(): Promise<string> {
    const clickId = await followLink(stack, (await linkFor(api, ada)).slug);
    await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - 3_600_000) } });
    return clickId;
  }

  beforeAll(async () => {
    stack = await startTestStack('commissions');
    ada = await activePartner(api, 'ada@example.com');
    secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    const hold = await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) });
    expect(hold.status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('turns a sale into an explained commission, approved when its hold ends', async () => {
    const sale = await readJson(await event({ type: 'sale', externalId: 'order-1', clickId: await oldClick(), amount: '200.00', currency: 'EUR' }));
    const commission = await commissionFor(sale.conversionId, 'approved');
    expect(commission).toMatchObject({ ruleId: 'sale-revshare', amount: { amount: '20.00', currency: 'EUR' }, planVersion: 1 });

    const detail = await readJson(await api(`/v1/commissions/${commission.id}`));
    expect(detail.explanation).toEqual(expect.objectContaining({ planVersion: 1 }));
    // The approval's two entries share a millisecond, so their order is not asserted.
    expect(detail.entries.map((entry: Json) => [entry.kind, entry.account, entry.amount.amount]).sort()).toEqual([
      ['commission_approved', 'approved', '20.00'],
      ['commission_approved', 'pending', '-20.00'],
      ['commission_created', 'pending', '20.00'],
    ]);
    expect(await approvedBalance()).toBe('20.00');
  });

  it('reverses a partial refund pro rata and never pays a conversion twice', async () => {
    const again = await event({ type: 'sale', externalId: 'order-1', amount: '200.00', currency: 'EUR' });
    expect(again.status).toBe(200);
    const refund = await readJson(await event({ type: 'refund', externalId: 'refund-1', refersTo: 'order-1', amount: '50.00', currency: 'EUR' }));
    expect(refund.outcome).toBe('inherited');
    const reversed = await eventually('the commission to be partly reversed', async () =>
      (await commissionsOf(ada)).find((commission) => commission.reversed.amount === '5.00'),
    );
    expect(reversed).toMatchObject({ status: 'approved', amount: { amount: '20.00' } });
    expect(await approvedBalance()).toBe('15.00');
    expect(await stack.prisma.commission.count({ where: { partnerId: ada, ruleId: 'sale-revshare' } })).toBe(1);
  });

  it('holds a flagged commission for a person and carries out the decision', async () => {
    const flagged = await readJson(
      await event({ type: 'sale', externalId: 'order-self', clickId: await oldClick(), customerEmail: 'ada@example.com', amount: '10.00', currency: 'EUR' }),
    );
    expect(flagged.flags.map((flag: Json) => flag.code)).toContain('self_referral');
    const pending = await commissionFor(flagged.conversionId, 'pending');
    expect(pending.flagged).toBe(true);

    const task = await eventually('a commission review task', async () =>
      (await readJson(await api('/v1/tasks?kind=commission_review'))).items.find((t: Json) => t.commissionId === pending.id),
    );
    const decided = await api(`/v1/tasks/${task.id}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'reject', reason: 'self-referral' }) });
    expect(decided.status).toBe(202);
    await commissionFor(flagged.conversionId, 'rejected');
    const twice = await api(`/v1/tasks/${task.id}/decision`, { method: 'POST', body: JSON.stringify({ decision: 'approve', reason: 'oops' }) });
    expect(twice.status).toBe(409);
  });

  it('simulates a candidate plan over past conversions without changing anything', async () => {
    const before = await stack.prisma.ledgerEntry.count();
    const draft = { currency: 'EUR', rules: [{ id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: '20' }] };
    const response = await api('/v1/programs/demo/configs/commission-plan/dry-run', { method: 'POST', body: JSON.stringify({ document: draft }) });
    expect(response.status).toBe(200);
    const { commissionPlan } = await readJson(response);
    // 20% of the 200.00 and 10.00 sales; what was earned: 10% of 200.00 (the 10.00 sale's commission was rejected).
    expect(commissionPlan.partners).toEqual([
      { partnerId: ada, current: { amount: '20.00', currency: 'EUR' }, proposed: { amount: '42.00', currency: 'EUR' }, difference: { amount: '22.00', currency: 'EUR' } },
    ]);
    expect(await stack.prisma.ledgerEntry.count()).toBe(before);
  });

  it('reconciles: every commission matches its ledger entries', async () => {
    const report = await readJson(await api('/v1/programs/demo/reconciliation'));
    expect(report).toMatchObject({ balanced: true, differences: [], orphanEntries: 0 });
    expect(report.commissions).toBeGreaterThanOrEqual(2);
  });

  it('reconciles from the command line too (npm run reconcile runs this build output)', async () => {
    const cli = path.resolve(__dirname, '../../dist/apps/api/src/reconcile.js');
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'demo'], {
      env: { ...process.env, DATABASE_URL: stack.env.DATABASE_URL, TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS },
    });
    expect(JSON.parse(stdout)).toMatchObject({ balanced: true, differences: [] });
  });
});
