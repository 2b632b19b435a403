import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import express from 'express';
import type { DestinationStream } from 'pino';
import { createApiLogger } from './api-logger';
import { createJsonLogger, PinoNestLogger } from '@partnerflow/observability';
import { requestLogging } from './request-logging.middleware';

type Line = Record<string, unknown>;

/** A destination that keeps each JSON line, parsed. */
function captured(): DestinationStream & { lines: Line[] } {
  const lines: Line[] = [];
  return { lines, write: (line: string) => void lines.push(JSON.parse(line) as Line) };
}

describe('JSON logs', () => {
  it('writes level, time, msg and service, and masks PII in the message and the fields', () => {
    const out = captured();
    const logger = createJsonLogger({ service: 'api', level: 'info', destination: out });
    logger.info(
      { requestId: '550e8400-e29b-41d4-a716-446655440000', to: 'ada@example.com', ip: '203.0.113.42', tin: '123-45-6789', headers: { authorization: 'Bearer pf_abcdefghijkl', 'set-cookie': ['sid=s3cr3tsession'], accept: '*/*' }, nested: { password: 'hunter2', note: 'tin 123456789' } },
      'mail to ada.lovelace@example.com from 198.51.100.7',
    );
    logger.debug('below LOG_LEVEL');

    expect(out.lines).toHaveLength(1);
    const [line] = out.lines;
    expect(line).toMatchObject({ level: 'info', service: 'api', msg: 'mail to a***@example.com from 198.51.100.***', to: 'a***@example.com', ip: '203.0.113.***' });
    expect(typeof line.time).toBe('number');
    // Correlation ids are written as they are, even where a pattern would take them for a tax id.
    expect(line.requestId).toBe('550e8400-e29b-41d4-a716-446655440000');
    expect(line).toMatchObject({
      tin: '[redacted]',
      headers: { authorization: '[redacted]', 'set-cookie': '[redacted]', accept: '*/*' },
      nested: { password: '[redacted]', note: 'tin ***6789' },
    });
    expect(JSON.stringify(out.lines)).not.toMatch(/ada\.lovelace|ada@|hunter2|pf_abcdefgh|123-45-6789|s3cr3tsession/);
  });

  it('serialises errors with their type and stack, masked', () => {
    const out = captured();
    const logger = createJsonLogger({ service: 'worker', level: 'info', destination: out });
    logger.error(new TypeError('no mailbox for ada@example.com'));
    logger.warn({ err: new Error('refused 203.0.113.9') }, 'send failed');

    expect(out.lines[0]).toMatchObject({ level: 'error', service: 'worker', msg: 'no mailbox for a***@example.com', err: { type: 'TypeError', message: 'no mailbox for a***@example.com' } });
    expect(String((out.lines[0].err as Line).stack)).toMatch(/^TypeError: no mailbox for a\*\*\*@example\.com\n\s+at /);
    expect(out.lines[1]).toMatchObject({ level: 'warn', msg: 'send failed', err: { type: 'Error', message: 'refused 203.0.113.***' } });
  });

  describe("through Nest's Logger", () => {
    afterEach(() => Logger.overrideLogger(false));

    it('keeps the context, a stack, and makes framework start-up lines debug', () => {
      const out = captured();
      Logger.overrideLogger(new PinoNestLogger(createJsonLogger({ service: 'api', level: 'info', destination: out })));
      new Logger('BackgroundMail').warn('magic link for ada@example.com failed');
      new Logger('ErrorFilter').error('Error: boom\n    at handler (x.ts:1:1)');
      new Logger('PartnerActivityNotifier').error('notify failed', 'Error: boom\n    at notify (y.ts:2:2)');
      new Logger('RoutesResolver').log('ApiKeysController {/v1/api-keys}');
      new Logger('ClickStore').log('flushed 3 clicks');

      expect(out.lines).toEqual([
        expect.objectContaining({ level: 'warn', context: 'BackgroundMail', msg: 'magic link for a***@example.com failed' }),
        expect.objectContaining({ level: 'error', context: 'ErrorFilter', msg: 'Error: boom\n    at handler (x.ts:1:1)' }),
        expect.objectContaining({ level: 'error', context: 'PartnerActivityNotifier', msg: 'notify failed', stack: 'Error: boom\n    at notify (y.ts:2:2)' }),
        expect.objectContaining({ level: 'info', context: 'ClickStore', msg: 'flushed 3 clicks' }),
      ]);
      expect(out.lines[1]).not.toHaveProperty('params');
    });
  });

  describe('per request', () => {
    const out = captured();
    let server: ReturnType<ReturnType<typeof express>['listen']>;
    let base: string;

    beforeAll(async () => {
      const logger = createApiLogger({ LOG_LEVEL: 'info', NODE_ENV: 'test' }, out);
      Logger.overrideLogger(new PinoNestLogger(logger));
      const app = express();
      app.use(requestLogging(logger));
      app.use(express.json());
      app.post('/v1/things/:thingId', async (request, response) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        new Logger('Things').log(`thing for ${String(request.body.email)}`);
        response.status(201).json({ ok: true });
      });
      await new Promise<void>((resolve) => {
        server = app.listen(0, '127.0.0.1', () => resolve());
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      Logger.overrideLogger(false);
      await new Promise((resolve) => server.close(resolve));
    });

    const post = (path: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email: 'ada@example.com' }) });

    it("logs one line per request with its id, route template, status and duration; lines written while serving it carry the id", async () => {
      const response = await post('/v1/things/thg_1', { 'x-request-id': 'trace-7' });
      expect(response.headers.get('x-request-id')).toBe('trace-7');
      const mine = out.lines.filter((line) => line.requestId === 'trace-7');
      expect(mine).toEqual([
        expect.objectContaining({ level: 'info', service: 'api', context: 'Things', msg: 'thing for a***@example.com' }),
        expect.objectContaining({ level: 'info', msg: 'request completed', method: 'POST', route: '/v1/things/:thingId', status: 201, durationMs: expect.any(Number) }),
      ]);
    });

    it('gives a request without an acceptable id a new one, the same in the header and the log', async () => {
      const response = await post('/v1/things/thg_2', { 'x-request-id': 'bad id\twith tab' });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.lines.filter((line) => line.requestId === id).map((line) => line.msg)).toEqual(['thing for a***@example.com', 'request completed']);
      expect(JSON.stringify(out.lines)).not.toContain('ada@example.com');
    });

    it('logs unmatched paths masked, without their query', async () => {
      const response = await post('/v1/nothing/ada@example.com?email=bob@example.com');
      const line = out.lines.find((entry) => entry.requestId === response.headers.get('x-request-id'));
      expect(line).toMatchObject({ route: 'unmatched', path: '/v1/nothing/a***@example.com', status: 404 });
      expect(JSON.stringify(out.lines)).not.toMatch(/bob@/);
    });
  });
});
