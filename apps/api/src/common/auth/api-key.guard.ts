import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { hashApiKey, type OperatorRole, type PrismaClient } from '@partnerflow/db';
import { DomainError, ErrorCode } from '@partnerflow/domain';
import { PRISMA } from '../tokens';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';

export interface AuthenticatedOperator {
  keyId: string;
  role: OperatorRole;
}

export type AuthenticatedRequest = Request & { operator?: AuthenticatedOperator };

/** Global guard: every route needs `Authorization: Bearer <api key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PRISMA) private readonly prisma: PrismaClient,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

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
    request.operator = { keyId: key.id, role: key.role };
    return true;
  }
}
