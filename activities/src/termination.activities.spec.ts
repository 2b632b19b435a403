import { createPrismaClient, type CommissionStatus, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { anonymisedEmail } from './partner-anonymisation';
import { createTerminationActivities } from './termination.activities';

/** Medium test: the wind-down's ledger, statement and erasure writes against real PostgreSQL. */
describe('termination activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createTerminationActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('termination');
    prisma = createPrismaClient(db.url, 2);
    activities = createTerminationActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function seedPartner(stage: 'ACTIVE' | 'TERMINATED' = 'TERMINATED') {
    const programId = newId('program');
    await prisma.program.create({ data: { id: programId, slug: programId, name: 'Acme' } });
    const partnerId = newId('partner');
    await prisma.partner.create({
      data: {
        id: partnerId, programId, email: 'grace@example.com', name: 'Grace Hopper', country: 'US', website: 'https://grace.example.com',
        channels: ['@grace'], audienceSize: 5000, type: 'content', stage, workflowId: `partner-${partnerId}`, knownIpHashes: ['iphash'],
      },
    });
    return { programId, partnerId };
  }

  /** A commission and the ledger entries its status implies: created into pending, approved moves it, paid moves it again. */
  async function seedCommission(owner: { programId: string; partnerId: string }, amountMinor: bigint, status: CommissionStatus, refundMinor = 0n) {
    const id = newId('commission');
    await prisma.commission.create({
      data: {
        id, ...owner, conversionId: newId('conversion'), ruleId: 'rule', kind: 'percentage', amountMinor, currency: 'EUR',
        originalAmountMinor: amountMinor, originalCurrency: 'EUR', explanation: {}, status, holdUntil: new Date(), reversedMinor: refundMinor,
      },
    });
    const entry = (kind: 'commission_created' | 'commission_approved' | 'commission_reversed' | 'payout_paid', account: 'pending' | 'approved' | 'paid', amount: bigint, key: string) =>
      ({ id: newId('ledgerEntry'), ...owner, commissionId: id, kind, account, amountMinor: amount, currency: 'EUR', idempotencyKey: `${id}:${key}` });
    const left = amountMinor - refundMinor;
    const entries = [entry('commission_created', 'pending', amountMinor, 'created')];
    if (refundMinor > 0n) entries.push(entry('commission_reversed', 'pending', -refundMinor, 'refund'));
    if (status !== 'pending') entries.push(entry('commission_approved', 'pending', -left, 'out'), entry('commission_approved', 'approved', left, 'in'));
    if (status === 'paid') entries.push(entry('payout_paid', 'approved', -left, 'paid-out'), entry('payout_paid', 'paid', left, 'paid-in'));
    await prisma.ledgerEntry.createMany({ data: entries });
    return { id, createdEntryId: entries[0].id, approvedEntryId: entries.find((e) => e.account === 'approved' && e.amountMinor > 0n)?.id };
  }

  it('forfeits pending and approved commissions once: negative entries per commission, status rejected, the reason kept', async () => {
    const owner = await seedPartner();
    const pending = await seedCommission(owner, 1000n, 'pending', 250n);
    const approved = await seedCommission(owner, 3000n, 'approved');
    const paid = await seedCommission(owner, 5000n, 'paid');
    const request = { partnerId: owner.partnerId, workflowId: `partner-${owner.partnerId}-termination`, reason: 'stolen cookies', decidedBy: 'key_manager' };

    const result = await activities.forfeitUnpaidCommissions(request);
    expect(result).toEqual({ forfeitedCount: 2, totals: [{ currency: 'EUR', amountMinor: '3750' }] });
    expect(await activities.forfeitUnpaidCommissions(request)).toEqual(result);

    const rejections = await prisma.ledgerEntry.findMany({ where: { partnerId: owner.partnerId, kind: 'commission_rejected' }, orderBy: { amountMinor: 'asc' } });
    expect(rejections.map((e) => [e.commissionId, e.account, e.amountMinor, e.reversesEntryId, e.idempotencyKey])).toEqual([
      [approved.id, 'approved', -3000n, approved.approvedEntryId, `commission-rejected:${approved.id}`],
      [pending.id, 'pending', -750n, pending.createdEntryId, `commission-rejected:${pending.id}`],
    ]);
    expect(rejections[0].explanation).toMatchObject({ reason: 'stolen cookies', category: 'fraud', decidedBy: 'key_manager', previousStatus: 'approved' });
    const statuses = await prisma.commission.findMany({ where: { partnerId: owner.partnerId }, select: { id: true, status: true } });
    expect(Object.fromEntries(statuses.map((c) => [c.id, c.status]))).toEqual({ [pending.id]: 'rejected', [approved.id]: 'rejected', [paid.id]: 'paid' });
    const audit = await prisma.auditEntry.findMany({ where: { targetId: owner.partnerId, action: 'partner.commissions_forfeited' } });
    expect(audit).toEqual([expect.objectContaining({ reason: 'stolen cookies', after: expect.objectContaining({ forfeitedCount: 2, commissionIds: expect.arrayContaining([pending.id, approved.id]) }) })]);

    expect(await activities.summarizePartnerBalance({ partnerId: owner.partnerId })).toEqual(
      expect.arrayContaining([
        { account: 'pending', currency: 'EUR', amountMinor: '0' },
        { account: 'approved', currency: 'EUR', amountMinor: '0' },
        { account: 'paid', currency: 'EUR', amountMinor: '5000' },
      ]),
    );
  });

  it('anonymises a terminated partner once, keeping ids, ledger and audit; never a partner in another stage', async () => {
    const owner = await seedPartner();
    await seedCommission(owner, 1000n, 'approved');
    const message = (recipientType: 'partner' | 'operator', subject: string) => ({
      id: newId('message'), programId: owner.programId, partnerId: owner.partnerId, channel: 'email' as const, senderType: 'system' as const,
      recipient: recipientType === 'partner' ? 'grace@example.com' : 'ops@acme.test', recipientType, template: 't', subject,
      bodyText: 'Hi Grace Hopper', bodyHtml: '<p>Hi Grace Hopper</p>', idempotencyKey: newId('message'),
    });
    await prisma.message.createMany({ data: [message('partner', 'Welcome'), message('operator', 'Application to review: Grace Hopper (Acme)')] });
    const request = { partnerId: owner.partnerId, workflowId: `partner-${owner.partnerId}-termination`, dataRetentionDays: 30 };

    expect(await activities.anonymisePartner(request)).toEqual({ anonymised: true });
    expect(await activities.anonymisePartner(request)).toEqual({ anonymised: false });
    expect(await prisma.partner.findUniqueOrThrow({ where: { id: owner.partnerId } })).toMatchObject({
      name: 'Anonymised partner', email: anonymisedEmail(owner.partnerId), website: null, channels: [], knownIpHashes: [], country: 'US', stage: 'TERMINATED',
    });
    const messages = await prisma.message.findMany({ where: { partnerId: owner.partnerId }, orderBy: { recipientType: 'asc' } });
    expect(JSON.stringify(messages)).not.toContain('Grace');
    expect(messages.map((m) => [m.recipient, m.subject])).toEqual([
      ['ops@acme.test', 't (about an anonymised partner)'],
      [anonymisedEmail(owner.partnerId), 'Welcome'],
    ]);
    expect(await prisma.ledgerEntry.count({ where: { partnerId: owner.partnerId } })).toBe(3);
    expect(await prisma.auditEntry.count({ where: { targetId: owner.partnerId, action: 'partner.anonymised' } })).toBe(1);

    const active = await seedPartner('ACTIVE');
    await expect(activities.anonymisePartner({ ...request, partnerId: active.partnerId })).rejects.toThrow('is ACTIVE, not TERMINATED: not anonymised');
  });

  it('pins the current termination config, or the default saying so', async () => {
    const { programId } = await seedPartner();
    expect(await activities.loadTerminationConfig({ programId })).toMatchObject({ source: 'default', versionId: null, document: { dataRetentionDays: 730, forfeitOnFraud: true } });
    const row = await prisma.configVersion.create({ data: { id: newId('config'), programId, kind: 'termination', version: 1, document: { finalPayout: false, dataRetentionDays: 7 }, createdBy: 'test' } });
    expect(await activities.loadTerminationConfig({ programId })).toEqual({
      versionId: row.id, version: 1, source: 'program',
      document: { finalPayout: false, forfeitOnFraud: true, finalStatementTemplate: 'termination.final_statement', dataRetentionDays: 7 },
      reason: "the program's current termination config, version 1",
    });
  });
});
