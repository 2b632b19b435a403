import type { Prisma } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';

export type AuditDraft = Omit<Prisma.AuditEntryCreateManyInput, 'id' | 'idempotencyKey'> & { idempotencyKey: string };

/**
 * Appends an audit entry unless one with its idempotency key exists (the log is append-only and
 * keyed by business step): true when this call wrote it, so the caller's other writes in the
 * same transaction happen exactly once too.
 */
export async function auditOnce(db: Prisma.TransactionClient, draft: AuditDraft): Promise<boolean> {
  const { count } = await db.auditEntry.createMany({ data: [{ id: newId('audit'), ...draft }], skipDuplicates: true });
  return count === 1;
}
