import type { Prisma } from '@partnerflow/db';

/**
 * Replaces a partner's email with its id inside the audit rows about it or by it (the application
 * entry names the applicant by email): the rows stay, under the pseudonymous id. The append-only
 * trigger allows exactly this change (actor_id, before, after, reason) while the transaction has
 * set `partnerflow.audit_pseudonymisation` (migration 20261122180000_partner_access); call it
 * inside the transaction that erases or anonymises the partner.
 */
export async function pseudonymiseAuditRows(tx: Prisma.TransactionClient, partnerId: string, email: string): Promise<void> {
  await tx.$queryRaw`SELECT set_config('partnerflow.audit_pseudonymisation', 'on', true)`;
  await tx.$executeRaw`
    UPDATE audit_log SET
      actor_id = CASE WHEN actor_id = ${email} THEN ${partnerId} ELSE actor_id END,
      before = replace(before::text, ${email}, ${partnerId})::jsonb,
      after = replace(after::text, ${email}, ${partnerId})::jsonb,
      reason = replace(reason, ${email}, ${partnerId})
    WHERE (target_id = ${partnerId} OR actor_id = ${partnerId})
      AND (actor_id = ${email} OR strpos(coalesce(before::text, '') || coalesce(after::text, '') || coalesce(reason, ''), ${email}) > 0)`;
  await tx.$queryRaw`SELECT set_config('partnerflow.audit_pseudonymisation', 'off', true)`;
}
