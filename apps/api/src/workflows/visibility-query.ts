/** The execution statuses an operator can filter on, as the API spells them and as Temporal's visibility does. */
export const EXECUTION_STATUSES = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  terminated: 'Terminated',
  continued_as_new: 'ContinuedAsNew',
  timed_out: 'TimedOut',
} as const;
export type ExecutionStatusFilter = keyof typeof EXECUTION_STATUSES;

export interface WorkflowFilter {
  kind?: string;
  stage?: string;
  programId?: string;
  partnerId?: string;
  status?: ExecutionStatusFilter;
}

/**
 * A visibility query over our search attributes. Values are quoted with embedded quotes and
 * backslashes escaped, so a filter value can never change the query's meaning.
 */
export function visibilityQuery(filter: WorkflowFilter): string {
  const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const clauses: string[] = [];
  if (filter.kind) clauses.push(`WorkflowKind = ${quote(filter.kind)}`);
  if (filter.stage) clauses.push(`Stage = ${quote(filter.stage)}`);
  if (filter.programId) clauses.push(`ProgramId = ${quote(filter.programId)}`);
  if (filter.partnerId) clauses.push(`PartnerId = ${quote(filter.partnerId)}`);
  if (filter.status) clauses.push(`ExecutionStatus = ${quote(EXECUTION_STATUSES[filter.status])}`);
  return clauses.join(' AND ');
}
