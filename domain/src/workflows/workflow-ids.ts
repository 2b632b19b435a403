/**
 * Deterministic workflow ids (ARCHITECTURE.md, workflow catalogue): one workflow per business
 * entity, so a retried request can never start a second one.
 */
export const partnerLifecycleWorkflowId = (partnerId: string): string => `partner-${partnerId}`;
export const screeningWorkflowId = (partnerId: string): string => `partner-${partnerId}-screening`;
/** One per partner, not per commission: it holds every pending commission of the partner. */
export const commissionHoldWorkflowId = (partnerId: string): string => `holds-${partnerId}`;

export const WORKFLOW_KINDS = ['partner-lifecycle', 'screening', 'commission-hold'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];
