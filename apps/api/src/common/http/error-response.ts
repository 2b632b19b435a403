import type { ServerResponse } from 'node:http';
import { ErrorCode, type DomainError } from '@partnerflow/domain';

/** The HTTP status of each domain error code (API.md). */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  [ErrorCode.VALIDATION_FAILED]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RULE_VIOLATION]: 422,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.DEPENDENCY_UNAVAILABLE]: 503,
  [ErrorCode.INTERNAL]: 500,
};

/**
 * The api's error body, `{ error: { code, message, details } }`, written by hand: what the Nest
 * error filter answers, for the routes answered in front of Nest (the redirect, postbacks).
 */
export function writeError(response: ServerResponse, status: number, error: DomainError): void {
  const body = JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } });
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
