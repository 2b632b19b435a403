import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { DEFAULT_NOTIFICATION_RULES, newId, type DomainEvent, type MessageDeliveryInput, type NotificationRuleSet } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { createNotificationRuleActivities } from './notification-rules.activities';

/** Medium test: the rules against real PostgreSQL; deliveries are captured by a starter double. */
describe('applyNotificationRules', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let programId: string;
  const started: MessageDeliveryInput[] = [];
  const startDeliveriesDouble = async (inputs: MessageDeliveryInput[]) => {
    started.push(...inputs);
    return inputs.length;
  };
  const activities = () => createNotificationRuleActivities({ prisma, startDeliveries: startDeliveriesDouble });

  async function partner(name: string, extra: { parentPartnerId?: string } = {}) {
    const id = newId('partner');
    await prisma.partner.create({
      data: { id, programId, email: `${name.toLowerCase()}@example.com`, name, country: 'DE', audienceSize: 10, type: 'ib', stage: 'ACTIVE', workflowId: `partner-${id}`, ...extra },
    });
    return id;
  }
  const event = (name: DomainEvent['name'], partnerId: string | undefined, data: Record<string, unknown> = {}): DomainEvent => ({
    id: newId('message').replace('msg_', 'evt_'), name, programId, partnerId, data, occurredAt: new Date().toISOString(), subject: { type: 'payout', id: 'pay_1' },
  });
  const saveRules = (document: NotificationRuleSet) =>
    prisma.notificationRuleSet.create({ data: { id: newId('notificationRuleSet'), programId, version: 1, document: document as never, createdBy: 'test' } });

  beforeAll(async () => {
    db = await createTestDatabase('notification_rules');
    prisma = createPrismaClient(db.url, 2);
    programId = newId('program');
    await prisma.program.create({ data: { id: programId, slug: 'ib-house', name: 'IB House' } });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });
  beforeEach(() => started.splice(0));

  it('notifies once per event, rule, recipient and channel: a repeated event adds nothing', async () => {
    const ada = await partner('Ada');
    const paid = event('payout.paid', ada, { amount: '120.50', currency: 'EUR' });
    const first = await activities().applyNotificationRules(paid);
    const again = await activities().applyNotificationRules(paid);

    expect(first.messageIds).toHaveLength(2);
    expect(again.messageIds).toEqual(first.messageIds);
    const rows = await prisma.message.findMany({ where: { partnerId: ada }, orderBy: { channel: 'asc' } });
    expect(rows.map((row) => [row.channel, row.status, row.subject, row.idempotencyKey])).toEqual([
      ['email', 'queued', 'Your payout has been sent', `notification:${paid.id}:payout-processed:partner:${ada}:email`],
      ['inbox', 'delivered', 'Your payout has been sent', `notification:${paid.id}:payout-processed:partner:${ada}:inbox`],
    ]);
    expect(rows[0].bodyText).toContain('120.50 EUR');
    expect(rows[0].threadId).toBe(rows[1].threadId);
    expect(await prisma.messageThread.count({ where: { partnerId: ada } })).toBe(1);
    // The same post both times, so its delivery workflow id is the same and the second start is a no-op.
    expect(started.map((input) => [input.postId, input.emailMessageIds])).toEqual([
      [rows[1].postId, [rows[0].id]],
      [rows[1].postId, [rows[0].id]],
    ]);
  });

  it('respects preferences: an optional kind switched off is not sent; a mandatory one always is', async () => {
    const bob = await partner('Bob');
    await prisma.notificationPreference.createMany({
      data: [
        { partnerId: bob, kind: 'milestone_achieved', enabled: false, channels: [], updatedBy: 'test' },
        { partnerId: bob, kind: 'payout_processed', enabled: false, channels: ['email'], updatedBy: 'test' },
      ],
    });
    const milestone = await activities().applyNotificationRules(event('milestone.achieved', bob, { milestone: '100 FTDs' }));
    expect(milestone.messageIds).toEqual([]);
    expect(milestone.rules[0].skipped).toEqual([{ recipient: bob, reason: expect.stringContaining('switched milestone_achieved off') }]);

    const paid = await activities().applyNotificationRules(event('payout.paid', bob));
    const rows = await prisma.message.findMany({ where: { id: { in: paid.messageIds } } });
    expect(rows.map((row) => row.channel)).toEqual(['email']);
  });

  it('reaches the downline of a master IB and the managers, holds notices in quiet hours', async () => {
    const master = await partner('Master');
    const sub = await partner('Sub', { parentPartnerId: master });
    const subSub = await partner('SubSub', { parentPartnerId: sub });
    const hour = (offset: number) => `${String((new Date().getUTCHours() + 24 + offset) % 24).padStart(2, '0')}:00`;
    const quietNow = { start: hour(-1), end: hour(2), timeZone: 'UTC' };
    await saveRules({
      managerEmails: ['am@ib-house.test'],
      rules: [
        { ...DEFAULT_NOTIFICATION_RULES.rules[2], quietHours: quietNow },
        { ...DEFAULT_NOTIFICATION_RULES.rules[3], recipients: [{ type: 'managers' }] },
      ],
    });

    const terms = event('commission_plan.updated', master, { summary: ' (lot rebate 7 → 8 USD)' });
    const outcome = await activities().applyNotificationRules(terms);
    const rows = await prisma.message.findMany({ where: { id: { in: outcome.messageIds } } });
    expect(new Set(rows.map((row) => row.partnerId))).toEqual(new Set([master, sub, subSub]));
    expect(rows.every((row) => row.status === 'queued' && row.notBefore !== null)).toBe(true);
    expect(started.every((input) => input.notBefore !== undefined && input.inboxMessageIds.length === 1)).toBe(true);

    const flag = await activities().applyNotificationRules(event('traffic_quality.flagged', sub, { reason: 'bot-like clicks' }));
    const [managers] = await prisma.message.findMany({ where: { id: { in: flag.messageIds } } });
    expect(managers).toMatchObject({ channel: 'email', recipient: 'am@ib-house.test', recipientType: 'operator', partnerId: sub, threadId: null });
  });
});
