import type { Prisma } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';

/** Who made a change: the operator key, or a partner acting through /v1/me. */
export interface OperatorAction {
  operatorKeyId: string;
  requestId?: string;
  /** Who `operatorKeyId` names when it is not an operator key: a partner acting through /v1/me (its partner id). */
  actorType?: 'operator' | 'partner';
}

/** What an audited change says about itself; who made it comes from the OperatorAction. */
export interface AuditedChange {
  action: string;
  targetType: string;
  targetId: string;
  before?: Prisma.InputJsonObject | null;
  after?: Prisma.InputJsonObject;
}

/**
 * The audit row of a change made by an operator key, or by a partner through /v1/me (actorType
 * partner), carrying the request id so the change can be traced to its HTTP request.
 */
export function auditEntryOf(by: OperatorAction, change: AuditedChange): Prisma.AuditEntryUncheckedCreateInput {
  return {
    id: newId('audit'),
    actorType: by.actorType ?? 'operator',
    actorId: by.operatorKeyId,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId,
    before: change.before ?? undefined,
    after: change.after,
    requestId: by.requestId,
  };
}
