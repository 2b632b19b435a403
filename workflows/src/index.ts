// The workflow bundle's entry point: every workflow the worker registers.
export { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';
export { screeningWorkflow, type ScreeningOutcome } from './screening.workflow';
export { commissionHoldWorkflow } from './commission-hold.workflow';
export { partnerTerminationWorkflow } from './partner-termination.workflow';
export { reengagementCycleWorkflow } from './reengagement-cycle.workflow';
export { domainEventDispatchWorkflow } from './domain-event-dispatch.workflow';
export { domainEventBatchDispatchWorkflow } from './domain-event-dispatch-batch.workflow';
export { domainEventCatchUpWorkflow } from './domain-event-catch-up.workflow';
export { webhookDeliveryWorkflow } from './webhook-delivery.workflow';
export { broadcastWorkflow } from './broadcast.workflow';
export { messageDeliveryWorkflow } from './message-delivery.workflow';
export { payoutRunWorkflow } from './payout-run.workflow';
export { payoutRunScheduleWorkflow } from './payout-run-schedule.workflow';
export { payoutRunReturnWorkflow } from './payout-run-return.workflow';
export { performanceReviewWorkflow } from './performance-review.workflow';
