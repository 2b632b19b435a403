import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** A caller's id is kept when it is a plain token (no spaces or control characters to forge log lines with). */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id, written onto its headers and echoed on the response (see below). */
export function assignRequestId(request: IncomingMessage, response: Pick<ServerResponse, 'setHeader'>): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && ACCEPTED_REQUEST_ID.test(given) ? given : randomUUID();
  request.headers['x-request-id'] = id;
  response.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Gives every request an id: the caller's `X-Request-Id` when acceptable, else a new UUID. It is
 * written back onto the request's headers, so everything that reads `x-request-id` (the audit
 * entries) sees the same value, and echoed on the response, so a caller can quote it.
 */
@Injectable()
export class RequestIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    assignRequestId(request, response);
    next();
  }
}
