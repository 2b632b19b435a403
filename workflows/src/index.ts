// The workflow bundle's entry point: every workflow the worker registers.
export { partnerLifecycleWorkflow } from './partner-lifecycle.workflow';
export { screeningWorkflow, type ScreeningOutcome } from './screening.workflow';
export { commissionHoldWorkflow } from './commission-hold.workflow';
export { partnerTerminationWorkflow } from './partner-termination.workflow';
