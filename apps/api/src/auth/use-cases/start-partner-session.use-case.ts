import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Env } from '@partnerflow/domain';
import { PARTNER_SIGN_IN_STAGES } from '../../common/auth/partner-session.guard';
import { ENV } from '../../common/tokens';
import { AuthRepository } from '../auth.repository';
import { hashToken, newSessionToken } from '../partner-tokens';

const invalidLink = () => new DomainError(ErrorCode.UNAUTHENTICATED, 'the sign-in token is invalid, already used or expired: ask for a new link');

/** Exchanges a magic-link token, once, for a session token scoped to its partner. */
@Injectable()
export class StartPartnerSessionUseCase {
  constructor(
    private readonly auth: AuthRepository,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async execute(token: string, requestId?: string) {
    const now = new Date();
    const link = await this.auth.consumeMagicLinkToken(hashToken(token), now);
    if (!link) throw invalidLink();
    // The partner may have been terminated since the link was sent.
    const partner = await this.auth.findPartner(link.partnerId);
    if (!partner || !PARTNER_SIGN_IN_STAGES.includes(partner.stage)) throw invalidLink();

    const sessionToken = newSessionToken();
    const session = await this.auth.createSession(
      {
        partnerId: partner.id,
        programId: partner.programId,
        tokenHash: hashToken(sessionToken),
        expiresAt: new Date(now.getTime() + this.env.PARTNER_SESSION_TTL_HOURS * 3_600_000),
      },
      requestId,
    );
    return { token: sessionToken, expiresAt: session.expiresAt.toISOString(), partnerId: session.partnerId, programId: session.programId };
  }
}
