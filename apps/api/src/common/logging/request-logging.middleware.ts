import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuthenticatedRequest } from '../auth/api-key.guard';
import { RequestIdMiddleware } from '../http/request-id.middleware';
import { maskPii } from '@partnerflow/observability';
import { requestContext } from './request-context';

/** Probes and scrapes that answer fine are debug: they would drown the info lines. */
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/** What one request's line says (the fast paths in front of Nest write the same). */
export interface RequestLine {
  requestId: string;
  method: string;
  route: string;
  path?: string;
  /** Undefined when the response was not finished (the client went away). */
  status: number | undefined;
  durationMs: number;
  operatorKeyId?: string;
}

export const durationMsSince = (startedAt: bigint): number => Math.round(Number(process.hrtime.bigint() - startedAt) / 1e5) / 10;

/** One line per request: aborted is a warning, 5xx an error, quiet routes that went well debug. */
export function writeRequestLine(logger: Logger, fields: RequestLine, quiet = false): void {
  if (fields.status === undefined) logger.warn(fields, 'request aborted');
  else if (fields.status >= 500) logger.error(fields, 'request failed');
  else if (quiet && fields.status < 400) logger.debug(fields, 'request completed');
  else logger.info(fields, 'request completed');
}

/**
 * The first middleware of the api: gives the request its id (the same rule and header as the audit
 * entries use), runs the rest of the request inside that id's context (so every line logged while
 * serving it carries `requestId`), and writes one line when the response is done: method, route
 * template (never the path, which may hold personal data), status, duration and the operator key.
 */
export function requestLogging(logger: Logger) {
  const assignRequestId = new RequestIdMiddleware();
  return (request: Request, response: Response, next: NextFunction): void => {
    const startedAt = process.hrtime.bigint();
    assignRequestId.use(request, response, () => undefined);
    const requestId = String(request.headers['x-request-id']);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : undefined;
      const finished = response.writableFinished;
      const fields = {
        requestId,
        method: request.method,
        route: route ?? 'unmatched',
        ...(route ? {} : { path: maskPii(request.path) }),
        status: finished ? response.statusCode : undefined,
        durationMs: durationMsSince(startedAt),
        operatorKeyId: (request as AuthenticatedRequest).operator?.keyId,
      };
      writeRequestLine(logger, fields, route !== undefined && QUIET_ROUTES.has(route));
    };
    response.once('finish', done);
    response.once('close', done);
    requestContext.run({ requestId }, next);
  };
}
