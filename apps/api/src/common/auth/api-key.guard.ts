import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hashApiKey, type OperatorRole, type PrismaClient } from '@partnerflow/db';
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

/** Global guard: every route needs `Authorization: Bearer <api key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
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
    return true;
  }
}
