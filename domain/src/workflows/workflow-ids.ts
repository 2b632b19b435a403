/**
 * Deterministic workflow ids (ARCHITECTURE.md, workflow catalogue): one workflow per business
 * entity, so a retried request can never start a second one.
 */
export const partnerLifecycleWorkflowId = (partnerId: string): string => `partner-${partnerId}`;
export const screeningWorkflowId = (partnerId: string): string => `partner-${partnerId}-screening`;

export const WORKFLOW_KINDS = ['partner-lifecycle', 'screening'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];
