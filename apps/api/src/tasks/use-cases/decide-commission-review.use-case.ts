import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { commissionReviewDecisionSignal, DomainError, ErrorCode } from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { TEMPORAL_CLIENT } from '../../common/tokens';
import type { CommissionDecisionDto } from '../tasks.schemas';
import { TasksRepository } from '../tasks.repository';

/**
 * An operator decides a flagged commission held for review. The decision goes to the partner's
 * hold workflow as a signal: it approves or rejects the commission through the ledger, closes the
 * task and records who decided, durably — the api answers 202 once the workflow has the signal.
 */
@Injectable()
export class DecideCommissionReviewUseCase {
  constructor(
    private readonly tasks: TasksRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async execute(taskId: string, request: CommissionDecisionDto, operator: AuthenticatedOperator) {
    const task = await this.tasks.findById(taskId);
    if (!task) throw new DomainError(ErrorCode.NOT_FOUND, `task ${taskId} does not exist`);
    if (task.kind !== 'commission_review' || !task.commissionId) {
      throw new DomainError(ErrorCode.RULE_VIOLATION, `task ${taskId} is an application review: decide it with POST /v1/partners/${task.partnerId}/review`);
    }
    if (task.status !== 'open') throw new DomainError(ErrorCode.CONFLICT, `task ${taskId} was already decided (${task.decision ?? 'closed'})`);
    try {
      await this.temporal.workflow.getHandle(task.workflowId).signal(commissionReviewDecisionSignal, {
        commissionId: task.commissionId,
        decision: request.decision,
        reason: request.reason,
        reviewerId: operator.keyId,
        requestId: operator.requestId,
      });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new DomainError(ErrorCode.CONFLICT, `the hold workflow ${task.workflowId} no longer waits for this commission`);
      }
      throw new DomainError(ErrorCode.DEPENDENCY_UNAVAILABLE, 'the workflow service is unavailable: try again shortly');
    }
    return { taskId, commissionId: task.commissionId, decision: request.decision, workflowId: task.workflowId };
  }
}
