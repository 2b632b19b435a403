import { Inject, Injectable } from '@nestjs/common';
import type { ApiKey, OperatorRole, PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { auditEntryOf, type OperatorAction } from '../audit/audit-entry';
import { PRISMA } from '../common/tokens';

export interface NewApiKey {
  name: string;
  role: OperatorRole;
  keyHash: string;
  keyPrefix: string;
}

/** Revoking it would leave no active admin key: nobody could manage keys any more. */
export class LastAdminKeyError extends Error {}

/** The only path to Prisma for operator API keys (the auth guard reads them too, by hash). */
@Injectable()
export class ApiKeysRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** Stores the key (its hash and display prefix) with its audit entry. */
  create(key: NewApiKey, action: OperatorAction): Promise<ApiKey> {
    return this.prisma.$transaction(async (tx) => {
      const created = await tx.apiKey.create({ data: { id: newId('apiKey'), ...key } });
      await tx.auditEntry.create({
        data: auditEntryOf(action, {
          action: 'api_key.created',
          targetType: 'api_key',
          targetId: created.id,
          after: { name: created.name, role: created.role, prefix: created.keyPrefix },
        }),
      });
      return created;
    });
  }

  /** Oldest first (ids sort by creation time). */
  list(limit: number, cursor?: string): Promise<ApiKey[]> {
    return this.prisma.apiKey.findMany({
      where: cursor ? { id: { gt: cursor } } : {},
      orderBy: { id: 'asc' },
      take: limit + 1,
    });
  }

  /**
   * Revokes the key with its audit entry; a key already revoked is returned unchanged (no second
   * entry); null when there is no such key. Revoking an admin key first locks every active admin
   * key, in id order, so two admins revoking each other's keys at once queue up and the second
   * sees the first's revocation: LastAdminKeyError rather than no admin key at all.
   */
  async revoke(id: string, action: OperatorAction): Promise<{ key: ApiKey; changed: boolean } | null> {
    return this.prisma.$transaction(async (tx) => {
      const target = await tx.apiKey.findUnique({ where: { id } });
      if (!target) return null;
      if (target.role === 'admin') {
        const activeAdmins = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL ORDER BY id FOR UPDATE`;
        if (activeAdmins.length === 1 && activeAdmins[0].id === id) throw new LastAdminKeyError();
      } else {
        await tx.$queryRaw`SELECT id FROM api_keys WHERE id = ${id} FOR UPDATE`;
      }
      const current = await tx.apiKey.findUniqueOrThrow({ where: { id } });
      if (current.revokedAt) return { key: current, changed: false };
      const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await tx.auditEntry.create({
        data: auditEntryOf(action, {
          action: 'api_key.revoked',
          targetType: 'api_key',
          targetId: id,
          before: { revokedAt: null },
          after: { name: revoked.name, role: revoked.role, prefix: revoked.keyPrefix, revokedAt: revoked.revokedAt!.toISOString() },
        }),
      });
      return { key: revoked, changed: true };
    });
  }
}
