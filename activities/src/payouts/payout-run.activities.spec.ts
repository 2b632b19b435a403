import nodemailer from 'nodemailer';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { payoutRunWorkflowId, type PayoutPolicyInput } from '@partnerflow/domain';
import { startMailSink, type MailSink } from '../../../scripts/lib/mail-sink';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { createPayoutActivities } from './index';
import { accountSums, approvedCommission, approvedReversal, paymentProviderDouble, seedPayee, seedPayoutProgram } from './payout.fixtures';

const POLICY: PayoutPolicyInput = {
  currency: 'EUR',
  methods: { paypal: { provider: 'paypal', minimum: '50.00' }, manual: { provider: 'manual', minimum: '10.00' } },
  approval: { autoApproveBelow: '100.00', twoApproversFrom: '1000.00', manualForFirstPayout: false, approverEmails: ['approvers@acme.test'] },
  financeEmails: ['finance@acme.test'],
};
const WINDOW = { openedAt: '2026-11-01T06:00:00.000Z', remindAt: '2026-11-02T06:00:00.000Z', escalateAt: '2026-11-04T06:00:00.000Z', deadlineAt: null };
const AS_OF = '2026-11-01T06:00:00.000Z';

/** Medium test: the payout run's activities against real PostgreSQL, a real SMTP server and a provider double. */
describe('payout run activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let mail: MailSink;
  const paypal = paymentProviderDouble('paypal');
  let activities: ReturnType<typeof createPayoutActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('payout_activities');
    prisma = createPrismaClient(db.url, 4);
    mail = await startMailSink({ smtpPort: 0, httpPort: 0 });
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: mail.smtpPort, secure: false });
    activities = createPayoutActivities({ prisma, mailer, mailFrom: 'Partnerflow <no-reply@partnerflow.test>', paymentProviders: { paypal: paypal.provider } });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await mail?.close();
    await db?.drop();
  });

  async function openRun(programId: string, periodEnd = '2026-10-31') {
    await activities.preparePayoutRun({ programId, periodEnd, startedAt: '2026-11-01T06:00:00.000Z' });
    return payoutRunWorkflowId(programId, periodEnd);
  }

  async function snapshotAll(runId: string, limit = 2) {
    const results = [];
    let after: string | null = null;
    for (;;) {
      const result = await activities.snapshotPayoutBatch({ runId, afterPartnerId: after, limit, asOf: AS_OF, window: WINDOW });
      results.push(result);
      if (result.lastPartnerId === null) return results;
      after = result.lastPartnerId;
    }
  }
  const payoutOf = (runId: string, partnerId: string) => prisma.payout.findUniqueOrThrow({ where: { runId_partnerId: { runId, partnerId } }, include: { items: true } });

  it('snapshots each partner through the gates: minimum, negative carry-over, tax form, method change, approvals', async () => {
    const programId = await seedPayoutProgram(prisma, POLICY);
    const ready = await seedPayee(prisma, programId);
    const below = await seedPayee(prisma, programId);
    const negative = await seedPayee(prisma, programId);
    const noTaxForm = await seedPayee(prisma, programId, { country: 'US', taxForm: null });
    const changed = await seedPayee(prisma, programId, { methodChangedAt: new Date('2026-10-31T12:00:00Z') });
    const large = await seedPayee(prisma, programId);
    await approvedCommission(prisma, programId, ready, 6_000n);
    await approvedCommission(prisma, programId, ready, 9_999n, new Date('2026-11-01T00:00:00Z')); // after the cutoff: next run
    await approvedCommission(prisma, programId, below, 4_000n);
    const owed = await approvedCommission(prisma, programId, negative, 3_000n);
    await approvedReversal(prisma, programId, negative, owed, -5_000n);
    await approvedCommission(prisma, programId, noTaxForm, 8_000n);
    await approvedCommission(prisma, programId, changed, 8_000n);
    await approvedCommission(prisma, programId, large, 150_000n);
    const runId = await openRun(programId);
    expect(await prisma.payoutRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ cutoffAt: new Date('2026-10-31T23:59:59.999Z'), policyVersion: 1, trigger: 'manual' });

    const batches = await snapshotAll(runId);
    expect(batches).toHaveLength(4);
    expect(batches.flatMap((batch) => batch.awaiting)).toEqual([{ payoutId: (await payoutOf(runId, large)).id, approvalsRequired: 2 }]);
    expect(await payoutOf(runId, ready)).toMatchObject({ status: 'approved', amountMinor: 6_000n, provider: 'paypal', items: [expect.objectContaining({ amountMinor: 6_000n })] });
    expect(await payoutOf(runId, below)).toMatchObject({ status: 'carried_over', statusReason: expect.stringContaining('below the minimum payout of 50.00 EUR'), items: [] });
    expect(await payoutOf(runId, negative)).toMatchObject({ status: 'carried_over', amountMinor: -2_000n, items: [] });
    expect(await payoutOf(runId, noTaxForm)).toMatchObject({ status: 'held', statusReason: 'no tax form on file: submit a W-9 before you can be paid' });
    expect(await payoutOf(runId, changed)).toMatchObject({ status: 'held', statusReason: expect.stringContaining('account takeover') });
    const task = await prisma.operatorTask.findFirstOrThrow({ where: { workflowId: runId, kind: 'payout_approval' } });
    expect(task).toMatchObject({ partnerId: large, status: 'open', summary: 'payout of 1500.00 EUR needs two approvals from different people', remindAt: new Date(WINDOW.remindAt) });
    expect(await prisma.auditEntry.count({ where: { workflowId: runId, action: 'payout.prepared' } })).toBe(6);
    // The tax hold asks for the form through document.required (its notification rule is the
    // partner's notice); the run's own "action needed" email goes only to the other hold.
    const held = await payoutOf(runId, noTaxForm);
    expect(await prisma.domainEvent.findMany({ where: { name: 'document.required', programId } })).toEqual([
      expect.objectContaining({
        partnerId: noTaxForm,
        subjectId: held.id,
        idempotencyKey: `document.required:${held.id}`,
        data: expect.objectContaining({
          document: 'a W-9',
          dueDate: '2026-12-01',
          details: 'Your payout of 80.00 EUR for the period up to 2026-10-31 is on hold: no tax form on file: submit a W-9 before you can be paid.',
        }),
      }),
    ]);
    expect(await activities.notifyPayouts({ payoutIds: [held.id, (await payoutOf(runId, changed)).id] })).toEqual({ notified: 1, failed: 0 });
    expect((await prisma.message.findMany({ where: { partnerId: { in: [noTaxForm, changed] } } })).map((m) => [m.partnerId, m.template])).toEqual([[changed, 'payout.held']]);

    // A retried batch answers the same and writes nothing more.
    const again = await activities.snapshotPayoutBatch({ runId, afterPartnerId: null, limit: 2, asOf: AS_OF, window: WINDOW });
    expect(again).toEqual(batches[0]);
    expect(await prisma.payout.count({ where: { runId } })).toBe(6);
    expect(await prisma.domainEvent.count({ where: { name: 'document.required', programId } })).toBe(1);
  });

  it('pays once through the provider, keyed by the payout id, even when the first answer is lost', async () => {
    const programId = await seedPayoutProgram(prisma, POLICY);
    const partnerId = await seedPayee(prisma, programId);
    const commissionId = await approvedCommission(prisma, programId, partnerId, 7_500n);
    const runId = await openRun(programId);
    await snapshotAll(runId);
    const { id: payoutId } = await payoutOf(runId, partnerId);
    paypal.script.timeoutOnceAfterAccepting.add(partnerId);
    await expect(activities.disbursePayout({ payoutId })).rejects.toThrow('provider timed out');
    expect((await payoutOf(runId, partnerId)).status).toBe('processing');
    expect(await activities.disbursePayout({ payoutId })).toEqual({ payoutId, outcome: 'paid', status: 'paid' });
    expect(await activities.disbursePayout({ payoutId })).toEqual({ payoutId, outcome: 'paid', status: 'paid' });
    expect(paypal.requests.filter((request) => request.payoutId === payoutId)).toHaveLength(2); // the retry, same key; the third call never reached it
    expect(paypal.paidKeys().filter((key) => key === payoutId)).toHaveLength(1);
    expect(await accountSums(prisma, partnerId)).toEqual({ pending: '0', approved: '0', paid: '7500' });
    expect(await prisma.commission.findUniqueOrThrow({ where: { id: commissionId } })).toMatchObject({ status: 'paid' });

    // One payout.paid event in the outbox, whatever the retries: the payout-processed rule tells the partner from it, the run sends nothing.
    const recorded = await prisma.domainEvent.findMany({ where: { subjectId: payoutId } });
    expect(recorded).toEqual([
      expect.objectContaining({
        name: 'payout.paid',
        partnerId,
        idempotencyKey: `payout.paid:${payoutId}`,
        data: expect.objectContaining({ payoutId, runId, amount: '75.00', currency: 'EUR', reference: expect.any(String) }),
      }),
    ]);
    // A run that dispatches its wave's events itself is handed the event again on a retry.
    expect(await activities.disbursePayout({ payoutId, eventsDispatchedBy: 'run' })).toEqual({ payoutId, outcome: 'paid', status: 'paid', eventIds: [recorded[0].id] });
    expect(await activities.notifyPayouts({ payoutIds: [payoutId] })).toEqual({ notified: 0, failed: 0 });
    expect(await prisma.message.count({ where: { partnerId } })).toBe(0);
  });

  it('a refusal releases the entries with the reason; the next run pays them', async () => {
    const programId = await seedPayoutProgram(prisma, POLICY);
    const partnerId = await seedPayee(prisma, programId);
    await approvedCommission(prisma, programId, partnerId, 6_000n);
    const runId = await openRun(programId, '2026-10-31');
    await snapshotAll(runId);
    const { id: payoutId } = await payoutOf(runId, partnerId);
    paypal.script.refuse.add(partnerId);
    const failed = await activities.disbursePayout({ payoutId, eventsDispatchedBy: 'run' });
    expect(failed).toMatchObject({ outcome: 'failed', eventIds: [expect.stringMatching(/^evt_/)] });
    expect(await payoutOf(runId, partnerId)).toMatchObject({ failureReason: 'the receiver has no PayPal account', items: [] });
    expect(await accountSums(prisma, partnerId)).toMatchObject({ approved: '6000' });
    expect((await prisma.domainEvent.findMany({ where: { subjectId: payoutId } })).map((event) => [event.id, event.name, event.idempotencyKey, (event.data as { reason?: string }).reason])).toEqual([
      [failed.eventIds![0], 'payout.failed', `payout.failed:${payoutId}`, 'the receiver has no PayPal account'],
    ]);
    await activities.notifyPayouts({ payoutIds: [payoutId] });
    expect((await prisma.message.findMany({ where: { partnerId }, orderBy: { template: 'asc' } })).map((m) => [m.template, m.recipient])).toEqual([
      ['operator.payout_failed', 'finance@acme.test'],
      ['payout.failed', `${partnerId}@example.com`],
    ]);

    paypal.script.refuse.delete(partnerId);
    const next = await openRun(programId, '2026-11-30');
    await snapshotAll(next);
    expect(await payoutOf(next, partnerId)).toMatchObject({ status: 'approved', amountMinor: 6_000n });
  });

  it('records approvals once per approver, and finance marks a manual payout paid once', async () => {
    const programId = await seedPayoutProgram(prisma, POLICY);
    const partnerId = await seedPayee(prisma, programId, { method: 'manual' });
    await approvedCommission(prisma, programId, partnerId, 15_000n);
    const runId = await openRun(programId);
    await snapshotAll(runId);
    const { id: payoutId } = await payoutOf(runId, partnerId);
    const record = { runId, approverId: 'key_alice', decision: 'approve' as const, approved: [payoutId], awaitingAnotherApproval: [], rejected: [], at: AS_OF };
    await activities.recordPayoutDecisions(record);
    await activities.recordPayoutDecisions(record);
    expect(await prisma.payoutApproval.count({ where: { payoutId } })).toBe(1);
    expect(await prisma.operatorTask.findFirstOrThrow({ where: { workflowId: runId } })).toMatchObject({ status: 'done', decision: 'approve', decidedBy: 'key_alice' });
    expect(await activities.disbursePayout({ payoutId })).toMatchObject({ outcome: 'pending', status: 'processing' });
    const mark = { payoutId, reference: 'CHQ-7', operatorId: 'key_finance', at: '2026-11-02T09:00:00.000Z' };
    expect(await activities.settlePayoutManually(mark)).toEqual({ payoutId, outcome: 'paid', status: 'paid' });
    expect(await activities.settlePayoutManually(mark)).toEqual({ payoutId, outcome: 'not_pending', status: 'paid' });
    expect(await payoutOf(runId, partnerId)).toMatchObject({ providerReference: 'CHQ-7', providerStatus: 'marked_paid' });
    expect(await prisma.ledgerEntry.count({ where: { payoutId, kind: 'payout_paid' } })).toBe(2);
    expect(await prisma.domainEvent.findMany({ where: { subjectId: payoutId } })).toEqual([
      expect.objectContaining({ name: 'payout.paid', occurredAt: new Date(mark.at), data: expect.objectContaining({ providerReference: 'CHQ-7', reference: 'CHQ-7', amount: '150.00' }) }),
    ]);
  });

  it('a returned payment puts the money back on the approved balance, once, for the next run', async () => {
    const programId = await seedPayoutProgram(prisma, POLICY);
    const partnerId = await seedPayee(prisma, programId);
    const commissionId = await approvedCommission(prisma, programId, partnerId, 9_000n);
    const runId = await openRun(programId);
    await snapshotAll(runId);
    const { id: payoutId } = await payoutOf(runId, partnerId);
    await activities.disbursePayout({ payoutId });
    const returned = { payoutId, reason: 'account closed', operatorId: 'key_finance', at: '2026-11-05T10:00:00.000Z' };
    expect(await activities.recordPayoutReturn(returned)).toEqual({ returned: true, status: 'returned' });
    expect(await activities.recordPayoutReturn(returned)).toEqual({ returned: false, status: 'returned' });
    expect(await accountSums(prisma, partnerId)).toEqual({ pending: '0', approved: '9000', paid: '0' });
    expect((await prisma.domainEvent.findMany({ where: { subjectId: payoutId }, orderBy: { createdAt: 'asc' } })).map((event) => [event.name, event.idempotencyKey])).toEqual([
      ['payout.paid', `payout.paid:${payoutId}`],
      ['payout.returned', `payout.returned:${payoutId}`],
    ]);
    expect(await prisma.commission.findUniqueOrThrow({ where: { id: commissionId } })).toMatchObject({ status: 'approved' });
    const next = await openRun(programId, '2026-11-30');
    await prisma.payoutRun.update({ where: { id: next }, data: { cutoffAt: new Date('2026-11-30T23:59:59.999Z') } });
    await snapshotAll(next);
    expect(await payoutOf(next, partnerId)).toMatchObject({ status: 'approved', amountMinor: 9_000n });
  });
});
