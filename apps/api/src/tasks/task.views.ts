import type { z } from 'zod';
import { ruleOutcomeSchema } from '@partnerflow/domain';
import type { TaskWithPartner } from './tasks.repository';
import type { taskSchema } from './tasks.schemas';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The stored rule results, read defensively: the column holds whatever the workflow recorded. */
function reasonsOf(stored: unknown): z.infer<typeof taskSchema>['reasons'] {
  if (!Array.isArray(stored)) return [];
  return stored.map((entry: Record<string, unknown>) => ({
    rule: String(entry.rule ?? ''),
    type: String(entry.type ?? ''),
    reason: String(entry.reason ?? ''),
    outcome: ruleOutcomeSchema.safeParse(entry.outcome).data ?? null,
  }));
}

/** The request that decides the task: a payout approval goes to its run. */
function decideWith(task: TaskWithPartner): string {
  if (task.kind === 'payout_approval') return `POST /v1/payout-runs/${task.workflowId}/approvals {"payoutIds": ["${task.subjectKey}"], "decision": "approve" or "reject"}`;
  if (task.kind === 'partner_check_in') return `contact the partner (GET /v1/partners/${task.partnerId}/timeline); the task closes when they are active again`;
  return `POST /v1/partners/${task.partnerId}/review`;
}

export function taskView(task: TaskWithPartner): z.infer<typeof taskSchema> {
  const { partner } = task;
  return {
    id: task.id,
    kind: task.kind,
    commissionId: task.commissionId,
    payoutId: task.kind === 'payout_approval' ? task.subjectKey : null,
    status: task.status,
    partner: {
      id: partner.id,
      name: partner.name,
      email: partner.email,
      stage: partner.stage,
      applicationNumber: partner.applicationNumber,
    },
    program: { id: partner.program.id, slug: partner.program.slug, name: partner.program.name },
    workflowId: task.workflowId,
    since: task.openedAt.toISOString(),
    summary: task.summary,
    reasons: reasonsOf(task.reasons),
    configVersion: task.configVersion,
    reminder: { dueAt: iso(task.remindAt), sentAt: iso(task.remindedAt) },
    escalation: { dueAt: iso(task.escalateAt), sentAt: iso(task.escalatedAt) },
    deadline:
      task.deadlineAt && task.onDeadline
        ? { dueAt: task.deadlineAt.toISOString(), onDeadline: task.onDeadline, passedAt: iso(task.deadlinePassedAt) }
        : null,
    decision: task.decision
      ? { decision: task.decision, reason: task.decisionReason, decidedBy: task.decidedBy, decidedAt: iso(task.decidedAt) }
      : null,
    decideWith: decideWith(task),
  };
}
