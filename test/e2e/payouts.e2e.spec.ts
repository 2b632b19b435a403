import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { apiKeyDisplayPrefix, hashApiKey } from '@partnerflow/db';
import { commissionHoldWorkflowId, newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { approvedBalanceReaches, earnSale, makePayable } from '../support/payouts';
import { activePartner } from '../support/tracking';

/**
 * A payout run through the real api, worker, Temporal and PostgreSQL under the demo program's
 * seeded policy (the `manual` provider for every method, minimum 10.00 EUR, an approval from
 * 100.00, two approvers from 1,000.00, a partner's first payout always approved by a person):
 * run now → gates → approvals (the same approver twice refused) → finance marks paid → ledger,
 * emails, timeline → a returned payment restores the balance. Each approval and each paid payout
 * is told once, by the program's notification rules, from its one event in the outbox.
 */
// Each step waits on workflows and emails; a loaded machine makes that slow, not wrong.
jest.setTimeout(180_000);

describe('payout runs (end to end)', () => {
  let stack: TestStack;
  let secret: string;
  let financeKey: string;
  const partners: Record<'ada' | 'bob' | 'cy' | 'dee', string> = { ada: '', bob: '', cy: '', dee: '' };
  const api = apiClient(() => stack);
  const post = (path: string, body: Json, key?: string) => api(path, { method: 'POST', body: JSON.stringify(body), ...(key ? { key } : {}) });
  const today = () => new Date().toISOString().slice(0, 10);
  let runId: string;

  const earn = (partnerId: string, amount: string) => earnSale(stack, api, secret, partnerId, amount);
  const payable = (partnerId: string, options?: { taxForm: boolean }) => makePayable(stack, api, partnerId, options);

  const run = () => api(`/v1/payout-runs/${runId}`).then(readJson);
  const mailTo = (address: string, subject: (subject: string) => boolean) => stack.mail.messages.filter((m) => m.to.includes(address) && subject(m.subject));
  const payoutOf = async (partnerId: string) => (await run()).payouts.items.find((payout: Json) => payout.partner.id === partnerId);

  beforeAll(async () => {
    stack = await startTestStack('payouts');
    financeKey = `pf_test_${randomBytes(16).toString('base64url')}`;
    await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: 'finance', role: 'finance', keyHash: hashApiKey(financeKey), keyPrefix: apiKeyDisplayPrefix(financeKey) } });
    secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    expect((await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) })).status).toBe(201);
    for (const name of Object.keys(partners) as (keyof typeof partners)[]) partners[name] = await activePartner(api, `${name}@example.com`);
    await payable(partners.ada);
    await payable(partners.bob);
    await payable(partners.cy, { taxForm: false });
    await payable(partners.dee);
    await earn(partners.ada, '1500.00'); // 150.00: one approval
    await earn(partners.bob, '50.00'); // 5.00: below the minimum
    await earn(partners.cy, '500.00'); // 50.00: no tax form
    await earn(partners.dee, '12000.00'); // 1200.00: two approvers
    for (const [partnerId, amount] of [[partners.ada, '150.00'], [partners.bob, '5.00'], [partners.cy, '50.00'], [partners.dee, '1200.00']]) {
      // (the hold workflows release at once; on a loaded machine that can take a while)
      await approvedBalanceReaches(api, partnerId, amount);
    }
  }, 600_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('tells each partner of an approved commission once: the commission-approved rule\'s inbox notice, no email of the hold', async () => {
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    try {
      const client = new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE });
      for (const [name, partnerId] of Object.entries(partners)) {
        // The hold workflow is done (nothing left pending): any email of its own would have been sent.
        await client.workflow.getHandle(commissionHoldWorkflowId(partnerId)).result();
        const [commission, ...others] = await stack.prisma.commission.findMany({ where: { partnerId } });
        expect(others).toEqual([]);
        expect(await stack.prisma.domainEvent.count({ where: { name: 'commission.approved', subjectId: commission.id } })).toBe(1);
        const notices = await eventually(`the commission-approved notice of ${name}`, async () => {
          const rows = await stack.prisma.message.findMany({ where: { partnerId, senderId: 'rule:commission-approved' } });
          return rows.length > 0 ? rows : undefined;
        }, 60_000);
        expect(notices.map((m) => [m.channel, m.status, m.subject, m.linkId])).toEqual([['inbox', 'delivered', 'A commission was approved', commission.id]]);
        expect(await stack.prisma.message.count({ where: { partnerId, template: 'commission.approved' } })).toBe(0);
        expect(mailTo(`${name}@example.com`, (subject) => subject.startsWith('Commission approved'))).toEqual([]);
      }
      const ada = await stack.prisma.message.findFirstOrThrow({ where: { partnerId: partners.ada, senderId: 'rule:commission-approved' } });
      expect(ada.bodyText).toContain('A commission of 150.00 EUR cleared review and is now approved.');
    } finally {
      await connection.close();
    }
  });

  it('tells a partner once that the balance reached the payout minimum (10.00 EUR here), and not one below it', async () => {
    const subject = 'You have reached the payout threshold';
    for (const [name, balance] of [['ada', '150.00'], ['cy', '50.00'], ['dee', '1200.00']]) {
      const email = await eventually(`the threshold email of ${name}`, async () => mailTo(`${name}@example.com`, (s) => s === subject)[0], 60_000);
      expect(email.text).toContain(`Your approved balance of ${balance} EUR has reached the payout minimum.`);
      expect(mailTo(`${name}@example.com`, (s) => s === subject)).toHaveLength(1);
    }
    expect(await stack.prisma.domainEvent.count({ where: { name: 'payout.threshold_reached', partnerId: partners.bob } })).toBe(0);
    expect(mailTo('bob@example.com', (s) => s === subject)).toEqual([]);
  });

  it('runs now, once per period, and puts every partner through the gates', async () => {
    const started = await post('/v1/programs/demo/payout-runs', { periodEnd: today() });
    expect(started.status).toBe(201);
    runId = (await readJson(started)).id;
    expect(runId).toMatch(new RegExp(`^payout-prg_[0-9a-z]+-${today()}$`));
    const again = await post('/v1/programs/demo/payout-runs', { periodEnd: today() });
    expect(again.status).toBe(200);
    expect((await readJson(again)).id).toBe(runId);
    const future = await post('/v1/programs/demo/payout-runs', { periodEnd: '2999-01-31' });
    expect(future.status).toBe(400);
    expect((await readJson(future)).error.details).toEqual([{ path: 'periodEnd', message: expect.stringContaining('must not be after today') }]);

    await eventually('the run to wait for approvals', async () => ((await run()).status === 'awaiting_approval' ? true : undefined), 60_000);
    expect(await payoutOf(partners.bob)).toMatchObject({ status: 'carried_over', amount: { amount: '5.00', currency: 'EUR' }, statusReason: expect.stringContaining('below the minimum payout of 10.00 EUR') });
    expect(await payoutOf(partners.cy)).toMatchObject({ status: 'held', gates: { tax: { outcome: 'failed' } }, statusReason: expect.stringContaining('no tax form on file') });
    expect(await payoutOf(partners.ada)).toMatchObject({ status: 'awaiting_approval', approvals: { required: 1 }, gates: { minimum: { outcome: 'passed' }, payoutMethod: { outcome: 'passed' } } });
    expect(await payoutOf(partners.dee)).toMatchObject({ status: 'awaiting_approval', approvals: { required: 2 } });

    const tasks = (await readJson(await api('/v1/tasks?kind=payout_approval'))).items;
    expect(tasks.map((task: Json) => task.partner.id).sort()).toEqual([partners.ada, partners.dee].sort());
    expect(tasks[0].decideWith).toContain(`/v1/payout-runs/${runId}/approvals`);
    const carriedOver = await eventually('the carry-over email', async () => stack.mail.messages.find((m) => m.to.includes('bob@example.com') && m.subject.includes('carries over')));
    expect(carriedOver.text).toContain('below the minimum payout of 10.00 EUR');
    // The tax hold is told by the document-required rule (document.required from the snapshot), once.
    const documentEmail = await eventually('the document email', async () => stack.mail.messages.find((m) => m.to.includes('cy@example.com') && m.subject === 'A document is required'));
    expect(documentEmail.text).toMatch(/We need a document from you before we can continue: a W-8BEN|We need a document from you before we can continue: a W-9/);
    expect(documentEmail.text).toContain(`for the period up to ${today()} is on hold: no tax form on file`);
    expect(stack.mail.messages.filter((m) => m.to.includes('cy@example.com') && (m.subject === 'A document is required' || m.subject.includes('Action needed')))).toHaveLength(1);
  });

  it('takes approvals by finance, refusing the same approver twice', async () => {
    const first = await post(`/v1/payout-runs/${runId}/approvals`, { decision: 'approve' });
    expect(first.status).toBe(200);
    const ada = (await payoutOf(partners.ada)).id;
    const dee = (await payoutOf(partners.dee)).id;
    expect(await readJson(first)).toEqual({ runId, approved: [ada], awaitingAnotherApproval: [dee], rejected: [] });
    const twice = await post(`/v1/payout-runs/${runId}/approvals`, { decision: 'approve', payoutIds: [dee] });
    expect(twice.status).toBe(409);
    expect((await readJson(twice)).error.message).toContain('the other approval must come from someone else');
    expect((await post(`/v1/payout-runs/${runId}/approvals`, { decision: 'reject' })).status).toBe(400);
    const second = await post(`/v1/payout-runs/${runId}/approvals`, { decision: 'approve', payoutIds: [dee] }, financeKey);
    expect(await readJson(second)).toMatchObject({ approved: [dee] });
    expect((await payoutOf(partners.dee)).approvals.given.map((given: Json) => given.decision)).toEqual(['approve', 'approve']);
  });

  it('finance marks manual payouts paid: ledger, one payout.paid event, one notice by email and inbox, timeline; the run completes', async () => {
    const ada = await eventually('ada at the manual provider', async () => {
      const payout = await payoutOf(partners.ada);
      return payout.status === 'processing' ? payout : undefined;
    });
    expect(ada).toMatchObject({ provider: 'manual', providerStatus: 'awaiting_manual_payment' });
    expect((await post(`/v1/payouts/${ada.id}/mark-paid`, { reference: 'TRX-1' }, financeKey)).status).toBe(200);
    expect((await post(`/v1/payouts/${ada.id}/mark-paid`, { reference: 'TRX-1' }, financeKey)).status).toBe(409);
    const dee = await eventually('dee at the manual provider', async () => {
      const payout = await payoutOf(partners.dee);
      return payout.status === 'processing' ? payout : undefined;
    });
    const paid = await readJson(await post(`/v1/payouts/${dee.id}/mark-paid`, { reference: 'TRX-2' }, financeKey));
    expect(paid).toMatchObject({ status: 'paid', providerReference: 'TRX-2' });

    await eventually('the run to complete', async () => ((await run()).status === 'completed' ? true : undefined));
    const balance = await readJson(await api(`/v1/partners/${partners.ada}/balance`));
    expect(balance.currencies[0]).toMatchObject({ approved: { amount: '0.00' }, paid: { amount: '150.00' } });
    // One event in the outbox, dispatched; the payout-processed rule tells the partner from it, the run (completed: its notices are out) does not.
    const events = await stack.prisma.domainEvent.findMany({ where: { name: 'payout.paid', subjectId: ada.id } });
    expect(events).toEqual([
      expect.objectContaining({ partnerId: partners.ada, idempotencyKey: `payout.paid:${ada.id}`, data: expect.objectContaining({ payoutId: ada.id, amount: '150.00', currency: 'EUR', reference: 'TRX-1' }) }),
    ]);
    const notices = () => stack.prisma.message.findMany({ where: { partnerId: partners.ada, linkId: ada.id }, orderBy: { channel: 'asc' } });
    await eventually('the payout processed email sent', async () => ((await notices()).some((m) => m.channel === 'email' && m.status === 'sent') ? true : undefined), 60_000);
    expect((await notices()).map((m) => [m.channel, m.status, m.senderId, m.subject])).toEqual([
      ['email', 'sent', 'rule:payout-processed', 'Your payout has been sent'],
      ['inbox', 'delivered', 'rule:payout-processed', 'Your payout has been sent'],
    ]);
    expect(await stack.prisma.domainEvent.findUniqueOrThrow({ where: { id: events[0].id } })).toMatchObject({ dispatchedAt: expect.any(Date) });
    const processed = mailTo('ada@example.com', (subject) => subject === 'Your payout has been sent' || subject.startsWith('Payout processed'));
    expect(processed).toHaveLength(1);
    expect(processed[0].subject).toBe('Your payout has been sent');
    expect(processed[0].text).toContain('150.00 EUR');
    expect(processed[0].text).toContain('TRX-1');
    expect(processed[0].text).toContain(`/v1/me/payouts/${ada.id}/statement`);
    const timeline = (await readJson(await api(`/v1/partners/${partners.ada}/timeline?limit=200`))).items.map((item: Json) => item.summary);
    expect(timeline).toEqual(expect.arrayContaining([expect.stringContaining('waits for approval'), expect.stringContaining('Payout approved by'), expect.stringContaining('Payout of 150.00 EUR paid through manual (reference TRX-1)')]));
    const payouts = (await readJson(await api(`/v1/partners/${partners.bob}/payouts`))).items;
    expect(payouts).toEqual([expect.objectContaining({ status: 'carried_over' })]);
    expect(await readJson(await api('/v1/programs/demo/reconciliation'))).toMatchObject({ balanced: true, orphanEntries: 0 });
  });

  it('a returned payment restores the balance and tells the partner and finance', async () => {
    const ada = await payoutOf(partners.ada);
    const returned = await post(`/v1/payouts/${ada.id}/return`, { reason: 'account closed' }, financeKey);
    expect(returned.status).toBe(200);
    expect(await readJson(returned)).toMatchObject({ status: 'returned', failureReason: 'account closed' });
    expect((await post(`/v1/payouts/${ada.id}/return`, { reason: 'again' }, financeKey)).status).toBe(409);
    const balance = await readJson(await api(`/v1/partners/${partners.ada}/balance`));
    expect(balance.currencies[0]).toMatchObject({ approved: { amount: '150.00' }, paid: { amount: '0.00' } });
    await eventually('the returned email', async () => stack.mail.messages.find((m) => m.to.includes('ada@example.com') && m.subject.includes('was returned')));
    await eventually('finance told', async () => stack.mail.messages.find((m) => m.to.includes('finance@demo.partnerflow.local') && m.subject.startsWith('Payout returned')));
    expect((await stack.prisma.domainEvent.findMany({ where: { subjectId: ada.id }, orderBy: { createdAt: 'asc' } })).map((event) => [event.name, event.idempotencyKey, (event.data as Json).reason])).toEqual([
      ['payout.paid', `payout.paid:${ada.id}`, undefined],
      ['payout.returned', `payout.returned:${ada.id}`, 'account closed'],
    ]);
    expect(mailTo('ada@example.com', (subject) => subject === 'Your payout has been sent')).toHaveLength(1);
    expect(await readJson(await api('/v1/programs/demo/reconciliation'))).toMatchObject({ balanced: true, orphanEntries: 0 });
  });
});
