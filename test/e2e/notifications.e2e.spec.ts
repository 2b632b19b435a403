import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createNotificationRuleActivities, recordDomainEvent, startDomainEventDispatches } from '@partnerflow/activities';
import { hashApiKey } from '@partnerflow/db';
import { DEFAULT_NOTIFICATION_RULES, newId, type DomainEvent } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

/**
 * Automated notifications end to end: preferences through the operator and partner APIs, the
 * program's rules and template through HTTP, then domain events handed to applyNotificationRules
 * as the event dispatcher hands them — its deliveries run on the real worker, Temporal dev server
 * and SMTP server. A repeated event sends nothing more.
 */
describe('automated notifications (end to end)', () => {
  let stack: TestStack;
  let connection: Connection;
  let activityEnvironment: MockActivityEnvironment;

  beforeAll(async () => {
    stack = await startTestStack('notifications');
    connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    activityEnvironment = new MockActivityEnvironment(
      { taskQueue: stack.env.TEMPORAL_TASK_QUEUE },
      { client: new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE }), logger: new DefaultLogger('ERROR') },
    );
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const call = async (method: string, path: string, body?: unknown, key?: string) => {
    const response = await http(path, { method, ...(key ? { key } : {}), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await readJson(response)) as Json };
  };
  async function sessionFor(partnerId: string, programId: string): Promise<string> {
    const token = `pfs_test_${randomBytes(16).toString('base64url')}`;
    await stack.prisma.partnerSession.create({
      data: { id: `ses_${randomBytes(8).toString('hex')}`, partnerId, programId, tokenHash: hashApiKey(token), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    return token;
  }
  const apply = (event: DomainEvent) => activityEnvironment.run(createNotificationRuleActivities({ prisma: stack.prisma }).applyNotificationRules, event);
  const mailTo = (address: string, subject: string) => stack.mail.messages.filter((m) => m.to.includes(address) && m.subject === subject);

  it('respects preferences, refuses to switch mandatory notices off, and sends each notice exactly once', async () => {
    const partnerId = await activePartner(http, 'nora@example.com');
    const { programId } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
    const token = await sessionFor(partnerId, programId);

    const refused = await call('PUT', `/v1/partners/${partnerId}/notification-preferences`, { preferences: { payout_processed: { enabled: false } } });
    expect(refused).toMatchObject({ status: 400, body: { error: { details: [{ path: 'preferences.payout_processed.enabled' }] } } });
    expect((await call('PUT', '/v1/me/notification-preferences', { preferences: { document_required: { enabled: false } } }, token)).status).toBe(400);
    const chosen = await call('PUT', '/v1/me/notification-preferences', { preferences: { milestone_achieved: { enabled: false }, commission_approved: { enabled: true, channels: ['email'] } } }, token);
    expect(chosen.status).toBe(200);
    expect(chosen.body.preferences.filter((p: Json) => ['milestone_achieved', 'commission_approved', 'payout_processed'].includes(p.kind)).map((p: Json) => [p.kind, p.enabled, p.channels, p.mandatory])).toEqual([
      ['payout_processed', true, null, true],
      ['commission_approved', true, ['email'], false],
      ['milestone_achieved', false, null, false],
    ]);

    expect((await call('GET', '/v1/programs/demo/notification-rules')).body).toMatchObject({ version: 0, document: { rules: expect.arrayContaining([expect.objectContaining({ id: 'payout-processed' })]) } });
    const rules = DEFAULT_NOTIFICATION_RULES.rules.map((rule) => (rule.id === 'commission-approved' ? { ...rule, channels: ['inbox', 'email'] } : rule));
    const unknownTemplate = await call('PUT', '/v1/programs/demo/notification-rules', { rules: [{ ...rules[0], template: 'no.such-template' }] });
    expect(unknownTemplate).toMatchObject({ status: 400, body: { error: { details: [{ path: 'rules.0.template' }] } } });
    expect(await call('PUT', '/v1/programs/demo/notification-rules', { managerEmails: ['am@demo.test'], rules })).toMatchObject({ status: 201, body: { version: 1 } });
    const template = { subject: 'Payout {{payoutId}} is on its way', bodyText: 'Hi {{partnerName}}, {{amount}} left today.', variables: { payoutId: 'string', amount: 'money' } };
    expect((await call('PUT', '/v1/programs/demo/templates/notification.payout-processed', template)).status).toBe(201);

    const paid: DomainEvent = {
      id: `evt_${randomBytes(8).toString('hex')}`, name: 'payout.paid', programId, partnerId,
      subject: { type: 'payout', id: 'pay_e2e' }, data: { payoutId: 'pay_e2e', amount: { amount: '250.00', currency: 'EUR' } }, occurredAt: new Date().toISOString(),
    };
    await apply(paid);
    await apply(paid); // the dispatcher retried, or dispatched the event twice
    const subject = 'Payout pay_e2e is on its way';
    const email = await eventually('the payout email', async () => mailTo('nora@example.com', subject)[0]);
    expect(email.text).toContain('250.00 EUR left today');
    await eventually('the email recorded as sent', async () =>
      (await stack.prisma.message.findFirst({ where: { partnerId, subject, channel: 'email', status: 'sent' } })) ?? undefined,
    );
    await apply(paid); // once more, after it was sent
    await eventually('the delivery workflows to finish', async () => {
      const open = await stack.prisma.message.count({ where: { partnerId, status: 'queued' } });
      return open === 0 ? true : undefined;
    });
    expect(mailTo('nora@example.com', subject)).toHaveLength(1);

    const event = (name: DomainEvent['name'], data: Record<string, unknown>): DomainEvent => ({ id: newId('message').replace('msg_', 'evt_'), name, programId, partnerId, data, occurredAt: new Date().toISOString() });
    await apply(event('milestone.achieved', { milestone: 'first 10 sales' }));
    // (the amount as the commission producers write it: money, like every commission event)
    await apply(event('commission.approved', { commissionId: 'com_e2e', amount: { amount: '12.00', currency: 'EUR' }, by: 'hold_released' }));
    const commissionEmail = await eventually('the commission email', async () => mailTo('nora@example.com', 'A commission was approved')[0]);
    expect(commissionEmail.text).toContain('A commission of 12.00 EUR cleared review and is now approved.');
    const inbox = await call('GET', '/v1/me/messages', undefined, token);
    expect(inbox.body.items.map((thread: Json) => thread.subject).sort()).toEqual([subject]);
    expect(await stack.prisma.message.count({ where: { partnerId, subject: { contains: 'milestone' } } })).toBe(0);
  }, 120_000);

  it('is reached through the event outbox: a dispatched event notifies once, however often it is dispatched', async () => {
    const partnerId = await activePartner(http, 'otto@example.com');
    const { programId } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
    const eventId = await stack.prisma.$transaction((tx) =>
      recordDomainEvent(tx, { name: 'document.required', programId, partnerId, data: { document: 'W-8BEN', dueDate: '2026-12-31' }, idempotencyKey: `document.required:${partnerId}` }),
    );
    const client = new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE });
    await startDomainEventDispatches(client, stack.env.TEMPORAL_TASK_QUEUE, [eventId, eventId]);
    const email = await eventually('the document email', async () => mailTo('otto@example.com', 'A document is required')[0]);
    expect(email.text).toContain('W-8BEN');
    await startDomainEventDispatches(client, stack.env.TEMPORAL_TASK_QUEUE, [eventId]);
    await eventually('the notice recorded as sent', async () =>
      (await stack.prisma.message.findFirst({ where: { partnerId, channel: 'email', status: 'sent', subject: 'A document is required' } })) ?? undefined,
    );
    expect(mailTo('otto@example.com', 'A document is required')).toHaveLength(1);
    expect(await stack.prisma.message.count({ where: { partnerId, subject: 'A document is required' } })).toBe(2); // inbox and email
  }, 120_000);
});
