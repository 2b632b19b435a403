import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes set on every workflow so ops can list "all workflows of partner X"
 * or "all partners in stage APPLIED". `npm run dev` registers them with the dev server;
 * docker-compose.yml registers them with the production cluster.
 */
export const PartnerIdAttribute = defineSearchAttributeKey('PartnerId', SearchAttributeType.KEYWORD);
export const ProgramIdAttribute = defineSearchAttributeKey('ProgramId', SearchAttributeType.KEYWORD);
export const StageAttribute = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);
export const WorkflowKindAttribute = defineSearchAttributeKey(
  'WorkflowKind',
  SearchAttributeType.KEYWORD,
);

export const SEARCH_ATTRIBUTE_NAMES = ['PartnerId', 'ProgramId', 'Stage', 'WorkflowKind'] as const;
