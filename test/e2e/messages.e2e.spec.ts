import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey } from '@partnerflow/db';
import { DEFAULT_NOTIFICATION_RULES, newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

/**
 * Threads through HTTP, the real api and worker, the Temporal dev server, PostgreSQL and an SMTP
 * server: an operator writes to a partner on the inbox and by email (delivered once, durably),
 * the partner reads and replies through their session, read receipts keep the first read; then
 * the IB hierarchy (cycles refused, a master IB's downline messages, an operator's tier message).
 */
describe('messages and threads (end to end)', () => {
  let stack: TestStack;
  let manager: string;

  beforeAll(async () => {
    stack = await startTestStack('messages');
    manager = `pf_test_manager_${randomBytes(12).toString('base64url')}`;
    await stack.prisma.apiKey.create({
      data: { id: newId('apiKey'), name: 'manager', role: 'manager', keyHash: hashApiKey(manager), keyPrefix: apiKeyDisplayPrefix(manager) },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const call = async (method: string, path: string, body?: unknown, init: { key?: string; headers?: Record<string, string> } = {}) => {
    const response = await http(path, { method, key: init.key ?? manager, headers: init.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await readJson(response)) as Json };
  };
  /** A partner session token, as POST /v1/auth/session would issue one. */
  async function sessionFor(partnerId: string): Promise<string> {
    const token = `pfs_test_${randomBytes(16).toString('base64url')}`;
    const { programId } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
    await stack.prisma.partnerSession.create({
      data: { id: `ses_${randomBytes(8).toString('hex')}`, partnerId, programId, tokenHash: hashApiKey(token), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    return token;
  }
  async function subPartner(name: string, programId: string): Promise<string> {
    const id = newId('partner');
    await stack.prisma.partner.create({
      data: { id, programId, email: `${name}@example.com`, name, country: 'CY', audienceSize: 50, type: 'ib', stage: 'ACTIVE', workflowId: `partner-${id}` },
    });
    return id;
  }
  const mailTo = (address: string, subject: string) => stack.mail.messages.filter((m) => m.to.includes(address) && m.subject === subject);

  it('an operator\'s message reaches inbox and email once; the partner reads and replies; receipts keep the first read', async () => {
    const partnerId = await activePartner(http, 'iris@example.com', 'ib');
    const message = { subject: 'Your March payout', body: 'Hi Iris,\n\nthe payout was split in two transfers.', channels: ['inbox', 'email'] };

    expect(await call('POST', `/v1/partners/${partnerId}/messages`, { ...message, channels: [] })).toMatchObject({ status: 400, body: { error: { details: [{ path: 'channels' }] } } });
    expect(await call('POST', `/v1/partners/${partnerId}/messages`, { ...message, link: { type: 'commission', id: 'com_missing' } })).toMatchObject({ status: 422, body: { error: { details: [{ path: 'link.id' }] } } });
    const posted = await call('POST', `/v1/partners/${partnerId}/messages`, message, { headers: { 'idempotency-key': 'march-payout' } });
    expect(posted).toMatchObject({
      status: 201,
      body: { messageId: expect.stringMatching(/^msg_/), threadId: expect.stringMatching(/^thr_/), partnerId, deliveries: [{ channel: 'inbox', status: 'delivered' }, { channel: 'email', status: 'queued' }] },
    });
    const { messageId, threadId } = posted.body;
    expect((await call('POST', `/v1/partners/${partnerId}/messages`, message, { headers: { 'idempotency-key': 'march-payout' } })).body.messageId).toBe(messageId);

    const email = await eventually('the email', async () => mailTo('iris@example.com', 'Your March payout')[0]);
    expect(email.text).toContain('split in two transfers');
    const listed = await eventually('the email row sent', async () => {
      const { body } = await call('GET', `/v1/partners/${partnerId}/messages`);
      return body.items.some((m: Json) => m.channel === 'email' && m.threadId === threadId && m.status === 'sent') ? body : undefined;
    });
    expect(mailTo('iris@example.com', 'Your March payout')).toHaveLength(1);
    expect(listed.threads).toEqual([expect.objectContaining({ id: threadId, subject: 'Your March payout', startedBy: { type: 'operator', id: expect.any(String) } })]);

    const token = await sessionFor(partnerId);
    const inbox = await call('GET', '/v1/me/messages', undefined, { key: token });
    expect(inbox.body.items).toEqual([expect.objectContaining({ id: threadId, unread: 1, messages: [expect.objectContaining({ id: messageId, from: 'program', readAt: null })] })]);
    expect((await call('GET', '/v1/me/messages')).status).toBe(401); // an operator key is not a session

    const read = await call('POST', `/v1/me/messages/${messageId}/read`, undefined, { key: token });
    expect(read).toMatchObject({ status: 200, body: { messageId, status: 'read', firstRead: true, receipt: { reader: { type: 'partner', id: partnerId }, recordedVia: 'partner_session' } } });
    const again = await call('POST', `/v1/me/messages/${messageId}/read`, undefined, { key: token });
    expect(again.body).toMatchObject({ firstRead: false, readAt: read.body.readAt });
    expect((await call('POST', `/v1/messages/${messageId}/read`)).body).toMatchObject({ readAt: read.body.readAt, firstRead: false });

    const reply = await call('POST', '/v1/me/messages', { threadId, body: 'Thanks — both arrived.' }, { key: token });
    expect(reply).toMatchObject({ status: 201, body: { threadId, deliveries: [{ channel: 'inbox', recipient: 'operators', status: 'delivered' }] } });
    const operatorRead = await call('POST', `/v1/messages/${reply.body.messageId}/read`);
    expect(operatorRead.body).toMatchObject({ firstRead: true, receipt: { reader: { type: 'operator' }, recordedVia: 'operator_api' } });
    expect((await call('POST', `/v1/me/messages/${reply.body.messageId}/read`, undefined, { key: token })).status).toBe(404);

    const thread = await call('GET', `/v1/threads/${threadId}`);
    expect(thread.body.posts.map((post: Json) => [post.sender.type, post.subject, post.deliveries.map((d: Json) => `${d.channel}:${d.status}`).sort(), post.receipts.length])).toEqual([
      ['operator', 'Your March payout', ['email:sent', 'inbox:read'], 1],
      ['partner', 'Re: Your March payout', ['inbox:read'], 1],
    ]);
    const timeline = await call('GET', `/v1/partners/${partnerId}/timeline?limit=200`);
    expect(timeline.body.items.filter((item: Json) => item.source === 'message' && item.summary.includes('March payout')).map((item: Json) => item.type).sort()).toEqual([
      'message.read', 'message.read', 'message.sent',
    ]);
  }, 120_000);

  it('keeps the IB hierarchy acyclic; a master IB writes to its downline, an operator to one tier', async () => {
    const masterId = await activePartner(http, 'mira@example.com', 'ib');
    const { programId } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: masterId } });
    const sub = await subPartner('sam', programId);
    const subSub = await subPartner('sol', programId);
    expect((await call('PUT', `/v1/partners/${sub}/parent`, { parentPartnerId: masterId })).body).toMatchObject({ parentPartnerId: masterId, upline: [masterId] });
    expect((await call('PUT', `/v1/partners/${subSub}/parent`, { parentPartnerId: sub })).body).toMatchObject({ upline: [sub, masterId] });
    expect(await call('PUT', `/v1/partners/${masterId}/parent`, { parentPartnerId: subSub })).toMatchObject({ status: 409, body: { error: { details: [{ path: 'parentPartnerId' }] } } });
    expect((await call('PUT', `/v1/partners/${sub}/parent`, { parentPartnerId: sub })).status).toBe(409);
    expect((await call('GET', `/v1/partners/${masterId}/hierarchy`)).body.downline.map((m: Json) => [m.partnerId, m.depth])).toEqual([[sub, 1], [subSub, 2]]);

    const masterToken = await sessionFor(masterId);
    const sent = await call('POST', '/v1/me/downline/messages', { subject: 'New spreads from Monday', body: 'EURUSD rebate goes up.', channels: ['inbox'] }, { key: masterToken });
    expect(sent).toMatchObject({ status: 201, body: { count: 2 } });
    const solToken = await sessionFor(subSub);
    const solInbox = await call('GET', '/v1/me/messages', undefined, { key: solToken });
    expect(solInbox.body.items).toEqual([expect.objectContaining({ subject: 'New spreads from Monday', uplinePartnerId: masterId, messages: [expect.objectContaining({ from: 'upline' })] })]);
    await call('POST', '/v1/me/messages', { threadId: solInbox.body.items[0].id, body: 'Noted.' }, { key: solToken });
    const masterInbox = await call('GET', '/v1/me/messages', undefined, { key: masterToken });
    const solThread = masterInbox.body.items.find((thread: Json) => thread.partnerId === subSub);
    expect(solThread.messages.map((m: Json) => m.from)).toEqual(['me', 'downline']);
    expect(solThread.unread).toBe(1);

    const tier = await call('POST', `/v1/programs/demo/hierarchy/${masterId}/messages`, { subject: 'KYC refresh', body: 'Please upload a new proof of address.', channels: ['email'], tier: 2 });
    expect(tier).toMatchObject({ status: 201, body: { count: 1, recipients: [{ partnerId: subSub, depth: 2 }] } });
    await eventually('the tier email', async () => mailTo('sol@example.com', 'KYC refresh')[0]);
    expect(mailTo('sam@example.com', 'KYC refresh')).toHaveLength(0);
  }, 120_000);

  it('rejects a template that references an unknown variable when it is saved; renders text and escaped HTML', async () => {
    const path = '/v1/programs/demo/templates/payout.explanation';
    const draft = { locale: 'en', subject: 'About payout {{payoutId}}', bodyMarkdown: 'Hi {{partnerName}},\n\n**{{amount}}** was paid. {{bonus}}', variables: { payoutId: 'string', amount: 'money' } };
    expect(await call('PUT', path, draft)).toMatchObject({ status: 400, body: { error: { details: [{ path: 'bodyMarkdown', message: expect.stringContaining('"bonus"') }] } } });
    expect((await call('GET', `${path}/versions`)).body.items).toEqual([]);

    expect(await call('PUT', path, { ...draft, bodyMarkdown: 'Hi {{partnerName}},\n\n**{{amount}}** was paid.' })).toMatchObject({ status: 201, body: { version: 1, format: 'markdown' } });
    expect(await call('PUT', path, { ...draft, bodyMarkdown: 'Hello {{partnerName}}: **{{amount}}**.' })).toMatchObject({ status: 201, body: { version: 2 } });
    expect((await call('GET', `${path}/versions`)).body.items.map((v: Json) => v.version)).toEqual([2, 1]);

    const preview = await call('POST', `${path}/preview`, { version: 1, variables: { payoutId: 'pay_1', amount: { amount: '12.50', currency: 'EUR' }, partnerName: '<Eve>' } });
    expect(preview).toMatchObject({ status: 200, body: { source: 'saved', version: 1, subject: 'About payout pay_1', html: '<p>Hi &#60;Eve&#62;,</p>\n<p><strong>12.50 EUR</strong> was paid.</p>' } });
    expect(await call('POST', `${path}/preview`, { variables: { payoutId: 'pay_1', amount: 12.5 } })).toMatchObject({ status: 400, body: { error: { details: [{ path: 'variables.amount' }] } } });
  });

  it('emails the managers once when a partner writes to the team (message.received), not when an operator writes', async () => {
    expect((await call('PUT', '/v1/programs/demo/notification-rules', { managerEmails: ['am@demo.test'], rules: DEFAULT_NOTIFICATION_RULES.rules })).status).toBe(201);
    const partnerId = await activePartner(http, 'juno@example.com');
    await call('POST', `/v1/partners/${partnerId}/messages`, { subject: 'Welcome aboard', body: 'Glad to have you.', channels: ['inbox'] });
    const token = await sessionFor(partnerId);
    const question = { subject: 'Second transfer?', body: 'Hi team,\n\nwhere is the second transfer of my March payout?' };
    const posted = await call('POST', '/v1/me/messages', question, { key: token, headers: { 'idempotency-key': 'where-is-it' } });
    expect(posted.status).toBe(201);
    expect((await call('POST', '/v1/me/messages', question, { key: token, headers: { 'idempotency-key': 'where-is-it' } })).body.messageId).toBe(posted.body.messageId);

    const told = (subject: string) => stack.mail.messages.filter((m) => m.to.includes('am@demo.test') && subject === m.subject);
    const { name } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
    const email = await eventually('the managers\' email', async () => told(`New message from ${name}: Second transfer?`)[0]);
    expect(email.text).toContain('where is the second transfer of my March payout?');
    expect(email.text).toContain(`GET /v1/partners/${partnerId}/messages (thread ${posted.body.threadId})`);
    await eventually('the notice recorded as sent', async () =>
      (await stack.prisma.message.findFirst({ where: { partnerId, senderId: 'rule:partner-message', status: 'sent' } })) ?? undefined,
    );
    expect(told(`New message from ${name}: Second transfer?`)).toHaveLength(1);
    expect(await stack.prisma.domainEvent.findMany({ where: { name: 'message.received', partnerId } })).toEqual([
      expect.objectContaining({ subjectId: posted.body.messageId, data: expect.objectContaining({ threadId: posted.body.threadId, messageSubject: 'Second transfer?' }) }),
    ]);
    expect(stack.mail.messages.filter((m) => m.to.includes('am@demo.test') && m.subject.includes('Welcome aboard'))).toEqual([]);
  }, 120_000);
});
