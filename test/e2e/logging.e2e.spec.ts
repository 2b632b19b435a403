import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { createApp } from '../../apps/api/src/app.factory';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

type Line = Record<string, unknown>;

/**
 * The api's structured logs, read from the real app (its own instance, writing to a stream this
 * test holds): one JSON line per request with the id the response carries, the route template,
 * status and duration, the operator key's id; no email from a request body, no API key.
 */
describe('structured logs (end to end)', () => {
  let stack: TestStack;
  let app: NestExpressApplication;
  let baseUrl = '';
  let adminKeyId: string;
  const lines: Line[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(JSON.parse(line) as Line) };
  const api = apiClient(() => ({ baseUrl, adminKey: stack.adminKey }));
  const requestLine = (requestId: string | null) =>
    eventually(`the log line of request ${requestId}`, async () => lines.find((line) => line.requestId === requestId && line.msg === 'request completed'), 5_000);
  const application = (email: string) =>
    JSON.stringify({ name: 'Ada', email, country: 'GB', website: 'https://ada.example.com', audienceSize: 5000, partnerType: 'content' });

  beforeAll(async () => {
    stack = await startTestStack('logging');
    adminKeyId = (await stack.prisma.apiKey.findFirstOrThrow({ where: { role: 'admin' } })).id;
    app = await createApp(stack.env, { logDestination: destination });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await stack?.stop();
  });

  it("logs each request once, as JSON, with the response's request id, route template, status and duration", async () => {
    const response = await api('/v1/programs/demo/applications', { method: 'POST', key: null, body: application('ada.lovelace@example.com'), headers: { 'x-request-id': 'log-e2e-apply' } });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('log-e2e-apply');
    const { partnerId } = await readJson(response);

    const line = await requestLine('log-e2e-apply');
    expect(line).toEqual(
      expect.objectContaining({
        level: 'info',
        time: expect.any(Number),
        service: 'api',
        msg: 'request completed',
        requestId: 'log-e2e-apply',
        method: 'POST',
        route: '/v1/programs/:programId/applications',
        status: 201,
        durationMs: expect.any(Number),
      }),
    );
    expect(lines.filter((entry) => entry.requestId === 'log-e2e-apply' && entry.msg === 'request completed')).toHaveLength(1);

    // A generated id: the one in the header is the one in the log; the operator's key id (never the key) with it.
    const read = await api(`/v1/partners/${partnerId}`);
    expect(read.status).toBe(200);
    const generated = read.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(await requestLine(generated)).toEqual(
      expect.objectContaining({ method: 'GET', route: '/v1/partners/:partnerId', status: 200, operatorKeyId: adminKeyId }),
    );
  });

  it('logs refused requests too, and never an email from the body or an API key', async () => {
    const invalid = await api('/v1/programs/demo/applications', { method: 'POST', key: null, body: JSON.stringify({ email: 'grace.hopper@example.com', name: '' }), headers: { 'x-request-id': 'log-e2e-invalid' } });
    expect(invalid.status).toBe(400);
    expect(await requestLine('log-e2e-invalid')).toEqual(expect.objectContaining({ status: 400, route: '/v1/programs/:programId/applications' }));

    const unauthenticated = await api('/v1/partners/ptn_nobody', { key: 'pf_not_a_real_key_0123456789', headers: { 'x-request-id': 'log-e2e-401' } });
    expect(unauthenticated.status).toBe(401);
    expect(await requestLine('log-e2e-401')).toEqual(expect.objectContaining({ status: 401, route: '/v1/partners/:partnerId' }));

    const everything = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(everything).not.toMatch(/ada\.lovelace@|grace\.hopper@/);
    expect(everything).not.toContain(stack.adminKey);
    expect(everything).not.toContain('pf_not_a_real_key');
    expect(lines.every((line: Json) => typeof line.level === 'string' && typeof line.time === 'number' && line.service === 'api')).toBe(true);
  });
});
