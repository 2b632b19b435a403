import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError, ErrorCode } from '@partnerflow/domain';

/**
 * The request's `Idempotency-Key` header (API.md): a repeated request with the same key answers
 * the first one's result and creates or sends nothing again. Absent: each request is a new one.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().header('idempotency-key');
  if (value === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'the request is invalid', [{ path: 'Idempotency-Key', message: 'must be 1–200 visible ASCII characters' }]);
  }
  return value;
});
