import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import type { PartnerRequest, SignedInPartner } from './partner-session.guard';

export const PARTNER_ROUTE = 'partnerflow:partner-session';

/**
 * The route (or every route of the controller) is a partner's own: it takes a partner session
 * token (POST /v1/auth/session), never an operator API key, and must only show that partner's data.
 * Counts as the route's access declaration (route-roles.spec.ts).
 */
export const PartnerSession = () => SetMetadata(PARTNER_ROUTE, true);

/** The signed-in partner of a @PartnerSession() route: `{ partnerId, programId }`. */
export const CurrentPartner = createParamDecorator((_: unknown, context: ExecutionContext): SignedInPartner => {
  const request = context.switchToHttp().getRequest<PartnerRequest>();
  // Only a route without @PartnerSession() gets here unauthenticated, and such a route must not ask.
  if (!request.partner) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'this route needs a partner session token');
  return request.partner;
});
