import { apiClient, readJson, type Json } from '../support/http';
import { signInPartner } from '../support/partner-access';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

/**
 * A compliance notice end to end: three partners approved through the real application flow,
 * a broadcast that needs acknowledging, reminders on the workflow's timers (fractions of an hour
 * keep it to seconds) to exactly those who have not acknowledged — read from the SMTP server —
 * and the recipient list a regulator would ask for, as JSON and CSV.
 */
describe('broadcasts and compliance notices (end to end)', () => {
  let stack: TestStack;
  const api = apiClient(() => stack);
  const partners: Record<'ada' | 'bo' | 'cy', { id: string; email: string; session: string }> = {} as never;
  const mailTo = (email: string, subject: RegExp) => stack.mail.messages.filter((message) => message.to.includes(email) && subject.test(message.subject));

  beforeAll(async () => {
    stack = await startTestStack('broadcasts');
    for (const name of ['ada', 'bo', 'cy'] as const) {
      const email = `${name}@example.com`;
      const id = await activePartner(api, email);
      partners[name] = { id, email, session: await signInPartner(stack, api, email) };
    }
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const create = (body: Json, headers: Record<string, string> = {}) => api('/v1/programs/demo/broadcasts', { method: 'POST', body: JSON.stringify(body), headers });
  const detail = async (id: string, query = '') => readJson(await api(`/v1/broadcasts/${id}${query}`));
  const ack = (id: string, session: string) => api(`/v1/broadcasts/${id}/ack`, { method: 'POST', key: session });

  it('refuses a broadcast whose text uses an unknown variable, or without content, saying where', async () => {
    const unknown = await create({ subject: 'Hi {{partnerName}}', body: 'Your tier: {{tierName}}', segment: {}, channels: ['inbox'] });
    expect(unknown.status).toBe(400);
    expect((await readJson(unknown)).error.details).toEqual([{ path: 'body', message: expect.stringContaining('unknown variable "tierName"') }]);
    const empty = await create({ segment: { countries: ['DEU'] }, channels: [] });
    expect(empty.status).toBe(400);
    expect((await readJson(empty)).error.details.map((detail: Json) => detail.path).sort()).toEqual(['body', 'channels', 'segment.countries.0', 'subject']);
    expect(await stack.prisma.broadcast.count()).toBe(0);
  });

  it('sends a compliance notice once per partner and channel, reminds only those who have not acknowledged, and records who did', async () => {
    const body = {
      subject: 'New advertising rules, {{partnerName}}',
      body: 'From 1 March, every ad must carry the 18+ notice.\n\nThe {{programName}} compliance team',
      segment: { partnerIds: [partners.ada.id, partners.bo.id, partners.cy.id] },
      channels: ['email', 'inbox'],
      requireAck: true,
      reminders: { everyHours: 0.004, max: 2 }, // 14.4 s apart
    };
    const created = await create(body, { 'idempotency-key': 'notice-2026-03' });
    expect(created.status).toBe(201);
    const notice = await readJson(created);
    const again = await create(body, { 'idempotency-key': 'notice-2026-03' });
    expect(again.status).toBe(200);
    expect((await readJson(again)).id).toBe(notice.id);

    const sent = await eventually('the notice to be sent', async () => {
      const current = await detail(notice.id);
      return current.status === 'sent' ? current : undefined;
    });
    expect(sent.counts).toMatchObject({ partners: 3, deliveries: { queued: 0, sent: 6, failed: 0 }, acknowledged: 0, notAcknowledged: 3 });

    const acknowledged = await ack(notice.id, partners.ada.session);
    expect(acknowledged.status).toBe(200);
    const first = await readJson(acknowledged);
    expect(await readJson(await ack(notice.id, partners.ada.session))).toEqual(first);
    expect((await ack(notice.id, stack.adminKey)).status).toBe(401);

    await eventually('the first reminders', async () => ((await detail(notice.id)).counts.reminded === 2 ? true : undefined), 60_000);
    expect(mailTo(partners.bo.email, /^Reminder: New advertising rules/)).toHaveLength(1);
    expect(mailTo(partners.cy.email, /^Reminder: New advertising rules/)).toHaveLength(1);
    expect(mailTo(partners.ada.email, /^Reminder/)).toHaveLength(0);

    expect((await ack(notice.id, partners.bo.session)).status).toBe(200);
    await eventually('the second reminder', async () => (mailTo(partners.cy.email, /^Reminder 2: /).length === 1 ? true : undefined), 60_000);
    await eventually('the workflow to finish', async () => {
      const { status } = await stack.prisma.broadcast.findUniqueOrThrow({ where: { id: notice.id } });
      const remindedTwice = await stack.prisma.broadcastRecipient.count({ where: { broadcastId: notice.id, remindersSent: 2 } });
      return status === 'sent' && remindedTwice === 2 ? true : undefined;
    });
    expect(mailTo(partners.bo.email, /^Reminder 2: /)).toHaveLength(0);
    expect(mailTo(partners.ada.email, /^Reminder/)).toHaveLength(0);
    for (const { email } of Object.values(partners)) expect(mailTo(email, /^New advertising rules/)).toHaveLength(1);
    expect(mailTo(partners.ada.email, /^New advertising rules/)[0].text).toContain('The Demo');

    const final = await detail(notice.id, '?recipients=not_acknowledged');
    expect(final.counts).toMatchObject({ partners: 3, acknowledged: 2, notAcknowledged: 1, reminded: 2 });
    expect(final.recipients.items.map((row: Json) => [row.partnerId, row.channel, row.status])).toEqual([
      [partners.cy.id, 'email', 'sent'],
      [partners.cy.id, 'inbox', 'sent'],
    ]);
    expect(await stack.prisma.auditEntry.count({ where: { action: 'broadcast.acknowledged', targetId: notice.id } })).toBe(2);

    const csv = await api(`/v1/broadcasts/${notice.id}`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('partner_id,partner_name,channel,recipient,status,message_id,sent_at,read_at,acknowledged_at,reminders_sent,error');
    expect(lines).toHaveLength(7);
    expect(lines.filter((line) => line.startsWith(partners.ada.id)).every((line) => line.includes(first.acknowledgedAt))).toBe(true);
  });

  const cancel = (id: string) => api(`/v1/broadcasts/${id}/cancel`, { method: 'POST' });
  const workflowStatus = async (workflowId: string) => (await readJson(await api(`/v1/workflows/${workflowId}/history`))).status;

  it('cancels a broadcast mid fan-out: the rest get nothing, the sent keep it, reminders stop; audited once, and a repeat answers the same', async () => {
    // One recipient a minute: after the first, the workflow waits a minute before the next batch.
    const created = await create({
      subject: 'Summer campaign',
      body: 'Details follow.',
      segment: { partnerIds: [partners.ada.id, partners.bo.id, partners.cy.id] },
      channels: ['inbox'],
      requireAck: true,
      reminders: { everyHours: 1, max: 3 },
      rateLimit: { perMinute: 1, batchSize: 1 },
    });
    expect(created.status).toBe(201);
    const broadcast = await readJson(created);
    const [first] = await eventually('the first recipient', async () => {
      const sent = (await detail(broadcast.id)).recipients.items.filter((row: Json) => row.status === 'sent');
      return sent.length > 0 ? sent : undefined;
    });

    const response = await cancel(broadcast.id);
    expect(response.status).toBe(200);
    const cancelled = await readJson(response);
    expect(cancelled).toMatchObject({
      id: broadcast.id,
      status: 'cancelled',
      cancelled: { at: expect.any(String), by: expect.any(String) },
      counts: { partners: 3, deliveries: { queued: 0, sent: 1, failed: 0, cancelled: 2 }, notAcknowledged: 1 },
    });
    await eventually('the workflow to end', async () => ((await workflowStatus(broadcast.workflowId)) === 'COMPLETED' ? true : undefined));
    expect(await readJson(await cancel(broadcast.id))).toEqual(cancelled);

    const current = await detail(broadcast.id);
    expect(current).toMatchObject({ status: 'cancelled', cancelled: cancelled.cancelled, counts: { reminded: 0 } });
    const statuses = Object.fromEntries(current.recipients.items.map((row: Json) => [row.partnerId, row.status]));
    expect(statuses).toEqual(Object.fromEntries(Object.values(partners).map(({ id }) => [id, id === first.partnerId ? 'sent' : 'cancelled'])));
    expect(await stack.prisma.message.count({ where: { linkType: 'broadcast', linkId: broadcast.id } })).toBe(1);
    const reader = Object.values(partners).find((partner) => partner.id === first.partnerId)!;
    expect((await ack(broadcast.id, reader.session)).status).toBe(200);
    const other = Object.values(partners).find((partner) => partner.id !== first.partnerId)!;
    expect((await ack(broadcast.id, other.session)).status).toBe(404);

    const audit = await stack.prisma.auditEntry.findMany({ where: { action: 'broadcast.cancelled', targetId: broadcast.id } });
    expect(audit).toEqual([expect.objectContaining({ actorType: 'operator', actorId: cancelled.cancelled.by, before: { status: 'sending' } })]);
  });

  it('refuses to cancel a finished broadcast (409) and an unknown one (404)', async () => {
    const sentOnce = await readJson(await create({ subject: 'Hello', body: 'Hi', segment: { partnerIds: [partners.ada.id] }, channels: ['inbox'] }));
    await eventually('it to be sent', async () => ((await detail(sentOnce.id)).status === 'sent' ? true : undefined));
    const conflict = await cancel(sentOnce.id);
    expect(conflict.status).toBe(409);
    expect((await readJson(conflict)).error.message).toMatch(/has finished/);

    // Reminded (0.0003 h ≈ 1 s after sending) and ended: its workflow is gone.
    const reminded = await readJson(await create({ subject: 'Reminded', body: 'Hi', segment: { partnerIds: [partners.bo.id] }, channels: ['inbox'], reminders: { everyHours: 0.0003, max: 1 } }));
    await eventually('its workflow to end', async () => ((await workflowStatus(reminded.workflowId)) === 'COMPLETED' ? true : undefined));
    expect((await cancel(reminded.id)).status).toBe(409);
    expect((await detail(reminded.id)).status).toBe('sent');

    expect((await cancel('brd_unknown')).status).toBe(404);
    expect(await stack.prisma.auditEntry.count({ where: { action: 'broadcast.cancelled', targetId: { in: [sentOnce.id, reminded.id] } } })).toBe(0);
  });
});
