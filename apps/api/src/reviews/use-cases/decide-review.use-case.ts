import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Partner } from '@partnerflow/db';
import {
  decideReviewUpdate,
  DomainError,
  ErrorCode,
  REVIEW_DECISION_REFUSED,
  screeningWorkflowId,
  type ReviewDecision,
  type ReviewDecisionAccepted,
} from '@partnerflow/domain';
import type { AuthenticatedOperator } from '../../common/auth/api-key.guard';
import { TEMPORAL_CLIENT } from '../../common/tokens';
import { PartnersRepository } from '../../partners/partners.repository';
import type { ReviewDecisionRequest } from '../reviews.schemas';

/** How long the workflow may take to accept the decision (it answers in milliseconds when up). */
const DECISION_TIMEOUT_MS = 10_000;
/** How long we wait for the lifecycle to record the new stage before answering 202 instead. */
const SETTLE_TIMEOUT_MS = 5_000;
const SETTLE_POLL_MS = 100;

export interface ReviewOutcome extends ReviewDecisionAccepted {
  settled: boolean;
  partner: Partner;
}

const notAwaitingReview = (partnerId: string, why: string) =>
  new DomainError(ErrorCode.CONFLICT, `partner ${partnerId} is not awaiting a review decision: ${why}`);

/**
 * An operator decides an application in human review. The decision goes to the partner's
 * screening workflow as an Update, so we answer only once the workflow has accepted it — its
 * validator refuses an application that is not waiting or already decided (409), and the
 * workflow itself records the audit entry (actor: the API key) and closes the task, durably.
 * Then the lifecycle workflow moves the partner to ACTIVE or REJECTED, which normally takes
 * milliseconds: we wait briefly for it and answer 200 with the new state, or 202 if it is late.
 */
@Injectable()
export class DecideReviewUseCase {
  constructor(
    private readonly partners: PartnersRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async execute(
    partnerId: string,
    request: ReviewDecisionRequest,
    operator: AuthenticatedOperator,
  ): Promise<ReviewOutcome> {
    const partner = await this.partners.findById(partnerId);
    if (!partner) throw new DomainError(ErrorCode.NOT_FOUND, `partner ${partnerId} does not exist`);
    if (partner.stage !== 'APPLIED') throw notAwaitingReview(partnerId, `the partner is ${partner.stage}`);

    const accepted = await this.deliver(partner, {
      decision: request.decision,
      reason: request.reason ?? 'approved by a reviewer',
      reviewerId: operator.keyId,
      requestId: operator.requestId,
    });
    const current = await this.waitForNewStage(partner);
    return { ...accepted, settled: current.stage !== 'APPLIED', partner: current };
  }

  private async deliver(partner: Partner, decision: ReviewDecision): Promise<ReviewDecisionAccepted> {
    const screening = this.temporal.workflow.getHandle(screeningWorkflowId(partner.id));
    try {
      return await this.temporal.connection.withDeadline(Date.now() + DECISION_TIMEOUT_MS, () =>
        screening.executeUpdate(decideReviewUpdate, { args: [decision] }),
      );
    } catch (error) {
      const refusal = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
      if (refusal instanceof ApplicationFailure && refusal.type === REVIEW_DECISION_REFUSED) {
        throw notAwaitingReview(partner.id, refusal.message);
      }
      if (error instanceof WorkflowNotFoundError) {
        throw notAwaitingReview(partner.id, 'its screening is not running (not started yet, or already decided)');
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new DomainError(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          'the workflow engine did not confirm the decision in time: GET the partner before sending it again',
        );
      }
      throw error;
    }
  }

  private async waitForNewStage(partner: Partner): Promise<Partner> {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (;;) {
      const current = (await this.partners.findById(partner.id)) ?? partner;
      if (current.stage !== 'APPLIED' || Date.now() >= deadline) return current;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }
}
