import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger as PinoLogger } from 'pino';
import { DomainError, type Env } from '@partnerflow/domain';
import { clientAddressOf, type TrustProxy } from '../common/http/client-address';
import { STATUS_BY_CODE, writeError } from '../common/http/error-response';
import type { FastPath, FastPathContext } from '../common/http/fast-paths';
import { assignRequestId } from '../common/http/request-id.middleware';
import { requestContext } from '../common/logging/request-context';
import { durationMsSince, writeRequestLine } from '../common/logging/request-logging.middleware';
import { MemoryBucketStore } from '../common/rate-limit/memory-bucket.store';
import { rateLimitedError, takeRateLimitTokens } from '../common/rate-limit/rate-limit.guard';
import { rateLimitedRoutes, type RateLimitPolicy } from '../common/rate-limit/rate-limited-routes';
import { ENV } from '../common/tokens';
import { ApiMetrics } from '../metrics/api-metrics';
import { conversionRecordedView } from './conversion.views';
import { IngestPostbackUseCase } from './use-cases/ingest-postback.use-case';

const ROUTE = '/v1/postbacks';

/**
 * `GET /v1/postbacks` answered in front of Nest (common/http/fast-paths.ts): at ingestion speed
 * Nest's pipeline was a quarter of the api's CPU per postback (README, Benchmarks). What the Nest
 * route does, this does too: the request id, the same rate limit buckets, the same use case and
 * answer, the error body, the request's log line and metrics. PostbacksController stays the
 * documented route and answers POSTs and whatever this path passes on: an unexpected failure
 * (nothing is answered yet) goes to express, whose run of the same request is a repeat at worst.
 */
export const fastPostbacksOf = (app: NestExpressApplication, logger: PinoLogger, context: FastPathContext): FastPostbacks =>
  new FastPostbacks(app.get(IngestPostbackUseCase), rateLimitedRoutes(app.get<Env>(ENV)).get(`GET ${ROUTE}`)!, app.get(MemoryBucketStore), app.get(ApiMetrics), logger, context);

export class FastPostbacks implements FastPath {
  private readonly logger = new Logger('FastPostbacks');
  private readonly toExpress: RequestListener;
  private readonly trustProxy: () => TrustProxy;

  constructor(
    private readonly ingest: IngestPostbackUseCase,
    private readonly limits: RateLimitPolicy,
    private readonly buckets: MemoryBucketStore,
    private readonly metrics: ApiMetrics,
    private readonly requestLog: PinoLogger,
    { toExpress, trustProxy }: FastPathContext,
  ) {
    this.toExpress = toExpress;
    this.trustProxy = trustProxy;
  }

  handle(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '';
    if (request.method !== 'GET' || !url.startsWith(ROUTE)) return false;
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path !== ROUTE && path !== `${ROUTE}/`) return false;
    const startedAt = process.hrtime.bigint();
    const requestId = assignRequestId(request, response);
    void requestContext.run({ requestId }, () => this.receive(queryAt === -1 ? '' : url.slice(queryAt + 1), request, response, { requestId, startedAt }));
    return true;
  }

  private async receive(rawQuery: string, request: IncomingMessage, response: ServerResponse, line: { requestId: string; startedAt: bigint }): Promise<void> {
    const params = parseQuery(rawQuery);
    let status: number;
    try {
      const program = typeof params.program === 'string' ? params.program : undefined;
      const wait = await takeRateLimitTokens(this.buckets, this.limits, clientAddressOf(request, this.trustProxy()) ?? 'unknown', this.limits.keyOf({ params: {}, query: { program }, body: undefined }));
      if (wait !== null) {
        response.setHeader('Retry-After', String(wait));
        throw rateLimitedError(this.limits, wait);
      }
      const { conversion, repeat } = await this.ingest.execute({ params, rawQuery });
      status = repeat ? 200 : 201;
      const body = JSON.stringify(conversionRecordedView(conversion, repeat));
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    } catch (error) {
      if (!(error instanceof DomainError) || STATUS_BY_CODE[error.code] >= 500) {
        this.logger.debug(`postback handed to express: ${error instanceof Error ? error.message : String(error)}`);
        if (!response.headersSent) this.toExpress(request, response);
        return;
      }
      status = STATUS_BY_CODE[error.code];
      writeError(response, status, error);
    }
    const durationMs = durationMsSince(line.startedAt);
    writeRequestLine(this.requestLog, { requestId: line.requestId, method: 'GET', route: ROUTE, status, durationMs });
    this.metrics.httpRequests.inc({ method: 'GET', route: ROUTE, status: String(status) });
    this.metrics.httpDuration.observe({ method: 'GET', route: ROUTE }, durationMs / 1000);
  }
}
