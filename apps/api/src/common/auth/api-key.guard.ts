import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hashApiKey, type ApiKey, type OperatorRole, type PrismaClient } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { PRISMA } from '../tokens';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';
import { PARTNER_ROUTE } from './partner-session.decorators';
import { PartnerSessionGuard } from './partner-session.guard';

export interface AuthenticatedOperator {
  keyId: string;
  role: OperatorRole;
  /** This request's id (X-Request-Id, given or generated), for the audit entries it causes. */
  requestId?: string;
}

export type AuthenticatedRequest = Request & { operator?: AuthenticatedOperator };

/** `api_keys.last_used_at` is this coarse: at most one write per key and minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Global guard: every route needs `Authorization: Bearer <api key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('ApiKeyGuard');
  /** When this process last wrote each key's lastUsedAt: concurrent requests do not all write. */
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    private readonly partnerSessions: PartnerSessionGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    // Partner routes take only partner session tokens; operator keys never reach them (and vice versa).
    if (this.reflector.getAllAndOverride<boolean>(PARTNER_ROUTE, targets)) return this.partnerSessions.canActivate(context);

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'send an operator API key as "Authorization: Bearer <key>"');
    }
    const key = await this.prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(match[1]) } });
    if (!key || key.revokedAt) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'the API key is unknown or revoked');
    }
    const allowed = this.reflector.getAllAndOverride<OperatorRole[]>(ALLOWED_ROLES, targets) ?? [];
    if (key.role !== 'admin' && !allowed.includes(key.role)) {
      throw new DomainError(ErrorCode.FORBIDDEN, `the ${key.role} role may not do this`);
    }
    request.operator = { keyId: key.id, role: key.role, requestId: request.header('x-request-id') };
    await this.noteUse(key);
    return true;
  }

  /**
   * Moves lastUsedAt forward when the stored value is a minute old or more (the row was just read,
   * so this costs nothing otherwise). The update's own condition keeps replicas from writing the
   * same minute twice; a failure here never fails the request.
   */
  private async noteUse(key: ApiKey): Promise<void> {
    const now = Date.now();
    if (key.lastUsedAt && now - key.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    if (now - (this.lastUsedWritten.get(key.id) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(key.id, now);
    const staleBefore = new Date(now - LAST_USED_RESOLUTION_MS);
    await this.prisma.apiKey
      .updateMany({
        where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
        data: { lastUsedAt: new Date(now) },
      })
      .catch((error: unknown) => this.logger.warn(`lastUsedAt of ${key.id} not updated: ${error instanceof Error ? error.message : String(error)}`));
  }
}
