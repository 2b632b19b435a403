import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { hashApiKey, type PartnerStage, type PrismaClient } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { PRISMA } from '../tokens';

/** What a partner route knows about its caller. */
export interface SignedInPartner {
  partnerId: string;
  programId: string;
}

export type PartnerRequest = Request & { partner?: SignedInPartner; partnerSessionId?: string };

/** Stages whose partners may sign in and keep using their session (applicants, rejected and terminated may not). */
export const PARTNER_SIGN_IN_STAGES: readonly PartnerStage[] = ['ACTIVE', 'PRODUCING', 'CONSISTENT', 'AT_RISK', 'PAUSED'];

/** Partner session tokens start with this, so logs and operators can tell them from API keys. */
export const PARTNER_SESSION_TOKEN_PREFIX = 'pfs_';

/** `lastUsedAt` is refreshed at most this often, so reads do not each cost a write. */
const LAST_USED_RESOLUTION_MS = 5 * 60_000;

/**
 * Authenticates @PartnerSession() routes (the ApiKeyGuard hands them over): a live, unrevoked
 * session whose partner is still in a sign-in stage. A terminated or erased partner's sessions
 * stop working at once, without waiting for their expiry.
 */
@Injectable()
export class PartnerSessionGuard implements CanActivate {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<PartnerRequest>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token?.startsWith(PARTNER_SESSION_TOKEN_PREFIX)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'send a partner session token as "Authorization: Bearer <token>"');
    }
    const session = await this.prisma.partnerSession.findUnique({ where: { tokenHash: hashApiKey(token) } });
    const now = new Date();
    if (!session || session.revokedAt || session.expiresAt <= now) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'the session is unknown, expired or signed out');
    }
    const partner = await this.prisma.partner.findUnique({
      where: { id: session.partnerId },
      select: { stage: true },
    });
    if (!partner || !PARTNER_SIGN_IN_STAGES.includes(partner.stage)) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'the session is unknown, expired or signed out');
    }
    if (!session.lastUsedAt || now.getTime() - session.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.prisma.partnerSession.update({ where: { id: session.id }, data: { lastUsedAt: now } });
    }
    request.partner = { partnerId: session.partnerId, programId: session.programId };
    request.partnerSessionId = session.id;
    return true;
  }
}
