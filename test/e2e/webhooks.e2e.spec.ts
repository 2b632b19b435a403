import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

/**
 * The receiver side of the Standard Webhooks spec, written from the spec rather than from our
 * signing code: the key is the base64 after `whsec_`, the signed content `id.timestamp.body`, the
 * header a space-separated list of `v1,<base64>`; a timestamp more than 5 minutes off is refused.
 */
function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .map((entry) => entry.split(','))
    .some(([version, signature]) => version === 'v1' && signature !== undefined && Buffer.from(signature, 'base64').length === expected.length && timingSafeEqual(Buffer.from(signature, 'base64'), expected));
}

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Json;
}

/**
 * Webhooks end to end: a local HTTP receiver with one path per endpoint, answering from a script
 * per path; the real api, worker, Temporal and PostgreSQL; the operators' alert through the
 * stack's SMTP server. Retry intervals of 1 s keep it quick (the long schedules are the workflow's
 * time-skipping tests).
 */
describe('outbound webhooks (end to end)', () => {
  let stack: TestStack;
  let receiver: Server;
  let base = '';
  const received: Received[] = [];
  const scripts: Record<string, number[]> = { '/flaky': [500, 500], '/down': Array(50).fill(500) };
  const api = apiClient(() => stack);
  const at = (path: string, eventId?: string) => received.filter((request) => request.path === path && (!eventId || request.json.id === eventId));

  const register = async (path: string, body: Json) => {
    const response = await api('/v1/programs/demo/webhooks', { method: 'POST', body: JSON.stringify({ url: `${base}${path}`, retry: { initialIntervalSeconds: 1 }, ...body }) });
    expect(response.status).toBe(201);
    return readJson(response);
  };
  const deliveries = async (endpointId: string): Promise<Json[]> => (await readJson(await api(`/v1/webhooks/${endpointId}/deliveries`))).items;

  let all: Json;
  let flaky: Json;
  let down: Json;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        received.push({ path, headers: request.headers, body, json: JSON.parse(body) });
        response.writeHead(scripts[path]?.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    stack = await startTestStack('webhooks');
    all = await register('/all', { events: ['partner.approved', 'conversion.created', 'commission.created', 'commission.approved'] });
    flaky = await register('/flaky', { events: ['partner.approved'] });
    down = await register('/down', { events: ['partner.approved'], disable: { afterFailedAttempts: 3, afterMinutesFailing: 0 }, alertEmails: ['ops@acme.test'] });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('shows the secret once and never again; refuses a bad registration with field errors', async () => {
    expect(all.secret).toMatch(/^whsec_/);
    const listed = (await readJson(await api('/v1/programs/demo/webhooks'))).items;
    expect(listed.map((endpoint: Json) => endpoint.id)).toEqual([all.id, flaky.id, down.id]);
    expect(listed.every((endpoint: Json) => endpoint.secret === undefined)).toBe(true);
    const bad = await api('/v1/programs/demo/webhooks', { method: 'POST', body: JSON.stringify({ url: 'ftp://x', events: ['partner.approve'] }) });
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).error.details.map((detail: Json) => detail.path).sort()).toEqual(['events.0', 'url']);
  });

  it('delivers a partner approval signed per Standard Webhooks; retries after 500s and stops at the first success', async () => {
    const partnerId = await activePartner(api, 'ada@example.com');
    const [delivered] = await eventually('partner.approved at /all', async () => (at('/all').length > 0 ? at('/all') : undefined));
    expect(delivered.json).toMatchObject({ type: 'partner.approved', programId: expect.stringMatching(/^prg_/), partnerId, subject: { type: 'partner', id: partnerId }, data: { partnerId, country: 'DE', type: 'content' } });
    expect(verifyStandardWebhook(all.secret, delivered.headers, delivered.body)).toBe(true);
    expect(verifyStandardWebhook(flaky.secret, delivered.headers, delivered.body)).toBe(false);

    const eventId = delivered.json.id;
    await eventually('three attempts at /flaky', async () => (at('/flaky', eventId).length >= 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 4_000)); // long enough for a 4th attempt, were there one
    const attempts = at('/flaky', eventId);
    expect(attempts).toHaveLength(3);
    expect(attempts.every((request) => request.headers['webhook-id'] === eventId && verifyStandardWebhook(flaky.secret, request.headers, request.body))).toBe(true);
    const [logged] = await eventually('the delivery to succeed', async () => {
      const items = await deliveries(flaky.id);
      return items[0]?.status === 'succeeded' ? items : undefined;
    });
    expect(logged).toMatchObject({ eventId, eventName: 'partner.approved', attempts: 3, lastStatusCode: 200 });
    expect(logged.attemptLog.map((attempt: Json) => [attempt.attempt, attempt.statusCode, attempt.succeeded, typeof attempt.latencyMs])).toEqual([
      [1, 500, false, 'number'],
      [2, 500, false, 'number'],
      [3, 200, true, 'number'],
    ]);
  });

  it('disables an endpoint that keeps failing, tells the operators, and sends it nothing more', async () => {
    const disabled = await eventually('/down to be disabled', async () => {
      const endpoint = (await readJson(await api('/v1/programs/demo/webhooks'))).items.find((item: Json) => item.id === down.id);
      return endpoint.enabled === false ? endpoint : undefined;
    });
    expect(disabled.disabled.reason).toMatch(/^3 consecutive failed delivery attempts since /);
    expect(await stack.prisma.auditEntry.count({ where: { action: 'webhook_endpoint.disabled', targetId: down.id } })).toBe(1);
    const alert = await eventually('the operators\' alert', async () => stack.mail.messages.find((message) => message.to.includes('ops@acme.test')));
    expect(alert.subject).toBe(`Webhook endpoint disabled: ${base}/down`);
    const [delivery] = await deliveries(down.id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 3 });

    await activePartner(api, 'bo@example.com');
    await eventually('bo at /all', async () => (at('/all').filter((r) => r.json.type === 'partner.approved').length === 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(at('/down')).toHaveLength(3);
    const replayDisabled = await api(`/v1/webhook-deliveries/${delivery.id}/replay`, { method: 'POST' });
    expect(replayDisabled.status).toBe(422);
  });

  it('delivers conversion and commission events from their producers', async () => {
    const secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    expect((await api('/v1/programs/demo/configs/hold', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 0 } }) })).status).toBe(201);
    const partnerId = (await stack.prisma.partner.findFirstOrThrow({ where: { email: 'ada@example.com' } })).id;
    const clickId = await followLink(stack, (await linkFor(api, partnerId)).slug);
    await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - 3_600_000) } });
    const sale = await readJson(await api('/v1/programs/demo/events', { method: 'POST', key: null, headers: { authorization: `Bearer ${secret}` }, body: JSON.stringify({ type: 'sale', externalId: 'order-1', clickId, amount: '200.00', currency: 'EUR' }) }));

    const types = await eventually('conversion and commission events at /all', async () => {
      const seen = at('/all').filter((request) => request.json.partnerId === partnerId).map((request) => request.json.type);
      return ['conversion.created', 'commission.created', 'commission.approved'].every((type) => seen.includes(type)) ? seen : undefined;
    });
    expect(types.filter((type: string) => type === 'commission.approved')).toHaveLength(1);
    const conversion = at('/all').find((request) => request.json.type === 'conversion.created')!;
    expect(conversion.json).toMatchObject({ subject: { type: 'conversion', id: sale.conversionId }, data: { externalId: 'order-1', amount: { amount: '200.00', currency: 'EUR' } } });
    const approved = at('/all').find((request) => request.json.type === 'commission.approved')!;
    expect(approved.json.data).toMatchObject({ amount: { amount: '20.00', currency: 'EUR' }, by: 'hold_released' });
  });

  it('replays a delivery as a new one with the same webhook-id, and deletes an endpoint', async () => {
    const [original] = (await deliveries(all.id)).filter((delivery: Json) => delivery.eventName === 'partner.approved').slice(-1);
    const before = at('/all', original.eventId).length;
    const replay = await api(`/v1/webhook-deliveries/${original.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(202);
    const { deliveryId } = await readJson(replay);
    await eventually('the replay to arrive', async () => (at('/all', original.eventId).length === before + 1 ? true : undefined));
    const again = at('/all', original.eventId).at(-1)!;
    expect(again.headers['webhook-id']).toBe(original.eventId);
    expect(verifyStandardWebhook(all.secret, again.headers, again.body)).toBe(true);
    await eventually('the replay to be logged', async () => (await deliveries(all.id)).find((delivery: Json) => delivery.id === deliveryId && delivery.status === 'succeeded'));
    expect((await deliveries(all.id)).find((delivery: Json) => delivery.id === deliveryId)).toMatchObject({ replay: 1, replayOf: original.id });

    expect((await api(`/v1/programs/demo/webhooks/${flaky.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await readJson(await api('/v1/programs/demo/webhooks'))).items.map((endpoint: Json) => endpoint.id)).toEqual([all.id, down.id]);
    expect((await api(`/v1/programs/demo/webhooks/${flaky.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

/**
 * The SSRF guard as deployed (WEBHOOK_ALLOW_PRIVATE_NETWORKS=false): endpoints into internal
 * networks are refused when saved, and a delivery whose host resolves to one is not sent.
 */
describe('outbound webhooks into internal networks (end to end, guard on)', () => {
  let stack: TestStack;
  let receiver: Server;
  let port = 0;
  const received: string[] = [];
  const api = apiClient(() => stack);
  const register = (url: string) => api('/v1/programs/demo/webhooks', { method: 'POST', body: JSON.stringify({ url, events: ['partner.approved'] }) });

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      received.push(request.url ?? '');
      response.writeHead(200).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    stack = await startTestStack('webhooks_guard', { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('refuses to save a URL whose host is an internal address, in any spelling, or resolves only to one', async () => {
    const refusals: [string, RegExp][] = [
      [`http://127.0.0.1:${port}/hooks`, /^127\.0\.0\.1 is a loopback address: webhooks are not sent to internal networks \(WEBHOOK_ALLOW_PRIVATE_NETWORKS is false\)$/],
      [`http://2130706433:${port}/hooks`, /^127\.0\.0\.1 is a loopback address/],
      [`http://[::ffff:127.0.0.1]:${port}/hooks`, /^::ffff:7f00:1 is a loopback address/],
      ['http://169.254.169.254/latest/meta-data/', /^169\.254\.169\.254 is a link-local address/],
      ['https://10.0.0.8/hooks', /^10\.0\.0\.8 is a private network address/],
      [`http://localhost:${port}/hooks`, /^localhost resolves only to internal addresses \((127\.0\.0\.1|::1) is a loopback address/],
    ];
    for (const [url, message] of refusals) {
      const response = await register(url);
      expect([url, response.status]).toEqual([url, 400]);
      expect((await readJson(response)).error.details).toEqual([{ path: 'url', message: expect.stringMatching(message) }]);
    }
    expect(await stack.prisma.webhookEndpoint.count()).toBe(0);
  });

  it('does not deliver to a host that resolves to loopback: the delivery fails at once, the reason on its attempt', async () => {
    // Accepted: the name does not resolve (yet). Then its DNS answer "changes" to loopback — as
    // with DNS rebinding, which a test cannot stage, the endpoint's URL is switched underneath.
    const created = await register(`http://rebound.invalid:${port}/rebound`);
    expect(created.status).toBe(201);
    const endpoint = await readJson(created);
    await stack.prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { url: `http://localhost:${port}/rebound` } });

    await activePartner(api, 'dee@example.com');
    const [delivery] = await eventually('the delivery to end', async () => {
      const items: Json[] = (await readJson(await api(`/v1/webhooks/${endpoint.id}/deliveries`))).items;
      return items[0]?.status === 'failed' ? items : undefined;
    });
    const reason = /^localhost resolves only to internal addresses \((127\.0\.0\.1|::1) is a loopback address.*\): webhooks are not sent to internal networks/;
    expect(delivery).toMatchObject({ eventName: 'partner.approved', attempts: 1, lastStatusCode: null, nextAttemptAt: null, lastError: expect.stringContaining('attempt 1 was not sent: localhost resolves') });
    expect(delivery.attemptLog).toEqual([expect.objectContaining({ attempt: 1, statusCode: null, succeeded: false, error: expect.stringMatching(reason) })]);
    expect(received).toEqual([]);
  });
});
