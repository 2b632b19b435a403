import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '@partnerflow/db';
import { NonRetryableFailure } from '@partnerflow/domain';
import { auditOnce } from './audit-once';
import { pseudonymiseAuditRows } from './audit-pseudonymisation';

export interface AnonymisationRequest {
  partnerId: string;
  /** The wind-down workflow: with it, the audit entry's key, so the erasure is recorded once. */
  workflowId: string;
  dataRetentionDays: number;
}

export const ANONYMISED_NAME = 'Anonymised partner';
const REMOVED_TEXT = "(removed when the partner's personal data was anonymised)";
/** Unique per partner (the partners table is unique by program, email and application number), and never deliverable. */
export const anonymisedEmail = (partnerId: string): string => `anonymised+${partnerId}@anonymised.invalid`;

/**
 * The end of the retention period: the partner's personal data — name, email, website, channels,
 * the IP hashes kept for self-referral checks, and the copies of them in the partner's messages
 * (recipient, bodies, operator subjects) — is overwritten. Ids, stage, country, commissions and
 * ledger rows stay, so the books still add up. Only a TERMINATED partner, and once (the audit key).
 */
export async function anonymisePartner(db: Prisma.TransactionClient, request: AnonymisationRequest): Promise<{ anonymised: boolean }> {
  const partner = await db.partner.findUnique({ where: { id: request.partnerId }, select: { stage: true, email: true } });
  if (!partner) throw ApplicationFailure.nonRetryable(`partner ${request.partnerId} does not exist`, NonRetryableFailure.NOT_FOUND);
  if (partner.stage !== 'TERMINATED') {
    // A wind-down only runs for a terminated partner: anything else is a bug, and erasing would be irreversible.
    throw ApplicationFailure.nonRetryable(`partner ${request.partnerId} is ${partner.stage}, not TERMINATED: not anonymised`, 'PartnerNotTerminated');
  }
  const fields = ['name', 'email', 'website', 'channels', 'knownIpHashes', 'messages.recipient', 'messages.body', 'messages.subject (operator emails)'];
  const recorded = await auditOnce(db, {
    actorType: 'system',
    actorId: request.workflowId,
    action: 'partner.anonymised',
    targetType: 'partner',
    targetId: request.partnerId,
    after: { fields, dataRetentionDays: request.dataRetentionDays },
    reason: `the ${request.dataRetentionDays}-day data retention period after the termination ended`,
    workflowId: request.workflowId,
    idempotencyKey: `${request.workflowId}:anonymised`,
  });
  if (!recorded) return { anonymised: false };

  const email = anonymisedEmail(request.partnerId);
  await db.partner.update({
    where: { id: request.partnerId },
    data: { name: ANONYMISED_NAME, email, website: null, channels: [], knownIpHashes: [] },
  });
  await db.message.updateMany({ where: { partnerId: request.partnerId, recipientType: 'partner' }, data: { recipient: email } });
  await db.message.updateMany({ where: { partnerId: request.partnerId }, data: { bodyText: REMOVED_TEXT, bodyHtml: null } });
  // Operator emails name the partner in their subject; the partner's own emails name the program only.
  await db.$executeRaw`
    UPDATE messages SET subject = template || ' (about an anonymised partner)'
    WHERE partner_id = ${request.partnerId} AND recipient_type = 'operator'`;
  // The audit rows stay, naming the partner by its id where they named its email (its application).
  await pseudonymiseAuditRows(db, request.partnerId, partner.email);
  return { anonymised: true };
}
