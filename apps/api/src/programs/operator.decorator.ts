import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { AuthenticatedRequest } from '../common/auth/api-key.guard';
import type { OperatorAction } from './programs.repository';

/** Who is acting, as the audit log records it: the authenticated operator key and the request id. */
export const ActingOperator = createParamDecorator((_: unknown, context: ExecutionContext): OperatorAction => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only a @Public() route gets here without an operator, and such a route must not ask for one.
  if (!request.operator) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'this action needs an operator API key');
  return { operatorKeyId: request.operator.keyId, requestId: request.header('x-request-id') };
});
