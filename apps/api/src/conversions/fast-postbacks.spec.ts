import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Logger } from '@nestjs/common';
import pino from 'pino';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { MemoryBucketStore } from '../common/rate-limit/memory-bucket.store';
import type { RateLimitPolicy } from '../common/rate-limit/rate-limited-routes';
import { ApiMetrics } from '../metrics/api-metrics';
import type { ConversionWithShares } from './conversions.repository';
import { FastPostbacks } from './fast-postbacks';
import type { IngestPostbackUseCase, PostbackRequest } from './use-cases/ingest-postback.use-case';

const CONVERSION = {
  id: 'cnv_1', type: 'sale', externalId: 'o-1', attributionOutcome: 'attributed', partnerId: 'ptn_1', amountMinor: 4999n, currency: 'EUR',
  shares: [{ partnerId: 'ptn_1', touchId: 'clk_1', touchKind: 'click', sharePpm: 1_000_000, amountMinor: 4999n }], fraudFlags: [],
} as unknown as ConversionWithShares;

/** The postback fast path in front of a stand-in for express, over real HTTP. */
describe('FastPostbacks', () => {
  let server: Server;
  let baseUrl: string;
  let received: PostbackRequest[];
  let toExpress: string[];
  let lines: { route?: string; status?: number; requestId?: string }[];
  let outcome: () => Promise<{ conversion: ConversionWithShares; repeat: boolean }>;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    const ingest = { execute: (request: PostbackRequest) => (received.push(request), outcome()) } as unknown as IngestPostbackUseCase;
    const limits: RateLimitPolicy = { name: 'postbacks', store: 'memory', perIp: { capacity: 3, perSeconds: 3600 }, perKey: null, keyOf: () => undefined };
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const express = (request: IncomingMessage, response: ServerResponse) => {
      toExpress.push(`${request.method} ${request.url}`);
      response.writeHead(299).end('express');
    };
    const fast = new FastPostbacks(ingest, limits, new MemoryBucketStore(), new ApiMetrics(), pino(sink), { toExpress: express, trustProxy: () => (_address, hop) => hop < 1 });
    server = createServer((request, response) => {
      if (!fast.handle(request, response)) express(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received = [];
    toExpress = [];
    lines = [];
    outcome = async () => ({ conversion: CONVERSION, repeat: false });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const get = (path: string, ip: string, init: RequestInit = {}) => fetch(`${baseUrl}${path}`, { ...init, headers: { 'x-forwarded-for': ip, ...init.headers } });

  it('answers GET /v1/postbacks itself: 201, then 200 for a repeat, with the request id and one log line each', async () => {
    const created = await get('/v1/postbacks?program=demo&token=t&event=sale&external_id=o-1&sub1=a&sub1=b', '198.51.100.1', { headers: { 'x-request-id': 'req-1' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('req-1');
    expect(await created.json()).toEqual({
      conversionId: 'cnv_1', repeat: false, type: 'sale', externalId: 'o-1', outcome: 'attributed', partnerId: 'ptn_1', amount: { amount: '49.99', currency: 'EUR' },
      shares: [{ partnerId: 'ptn_1', touchId: 'clk_1', touchKind: 'click', sharePpm: 1_000_000, amount: { amount: '49.99', currency: 'EUR' } }], flags: [],
    });
    expect(received[0]).toEqual({ params: expect.objectContaining({ program: 'demo', external_id: 'o-1', sub1: ['a', 'b'] }), rawQuery: 'program=demo&token=t&event=sale&external_id=o-1&sub1=a&sub1=b' });
    outcome = async () => ({ conversion: CONVERSION, repeat: true });
    const repeat = await get('/v1/postbacks/?program=demo', '198.51.100.1');
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { repeat: boolean }).repeat).toBe(true);
    expect(lines.map(({ route, status, requestId }) => [route, status, requestId === 'req-1'])).toEqual([['/v1/postbacks', 201, true], ['/v1/postbacks', 200, false]]);
    expect(toExpress).toEqual([]);
  });

  it("answers a refused postback with the api's error body, and a caller over its limit with 429 and Retry-After", async () => {
    outcome = async () => {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'the postback token is wrong');
    };
    const refused = await get('/v1/postbacks?program=demo&token=wrong', '198.51.100.2');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'the postback token is wrong', details: [] } });
    for (let n = 0; n < 2; n += 1) await get('/v1/postbacks?program=demo', '198.51.100.2');
    const limited = await get('/v1/postbacks?program=demo', '198.51.100.2');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(received).toHaveLength(3); // the limited one reached nothing
  });

  it('passes every other request to express, and a postback that fails unexpectedly', async () => {
    for (const path of ['/v1/postbacksx', '/v1/postbacks/more', '/v1/programs/demo/events']) expect((await get(path, '198.51.100.3')).status).toBe(299);
    expect((await get('/v1/postbacks?program=demo', '198.51.100.3', { method: 'POST' })).status).toBe(299);
    outcome = async () => {
      throw new Error('database unavailable');
    };
    expect((await get('/v1/postbacks?program=demo', '198.51.100.3')).status).toBe(299);
    expect(toExpress).toEqual(['GET /v1/postbacksx', 'GET /v1/postbacks/more', 'GET /v1/programs/demo/events', 'POST /v1/postbacks?program=demo', 'GET /v1/postbacks?program=demo']);
  });
});
