// The domain as the workflow bundle sees it: apps/worker/src/workflow-bundle.ts points
// `@partnerflow/domain` here for webpack only (tsc and jest keep the full index.ts).
//
// Why: every workflow the worker caches evaluates the bundle's modules into its own module cache,
// so each module re-exported here costs memory and start time per open workflow. The full index
// pulls in every config and API schema (zod), tax forms, reports and PDF statements, which no
// workflow runs. Only the modules workflow code (workflows/src and the replay fixtures) imports
// from '@partnerflow/domain' belong here; those it takes only types from as `export type *`, which
// the bundle erases (their schemas then run only if another module needs them at run time).
//
// A workflow importing a name from a module missing here fails the bundle (webpack
// strictExportPresence) and test/lint/workflow-domain-entry.spec.ts names the module to add.

export * from './errors';

// partners, screening and review
export type * from './partners/partner.schema';
export * from './partners/lifecycle-control.schema';
export type * from './screening/screening-config.schema';
export * from './screening/screening.engine';
export * from './screening/review-policy';
export * from './screening/review.messages';
export * from './configs/default-configs';

// onboarding drip
export * from './onboarding/onboarding-timeline.engine';
export type * from './onboarding/onboarding-drip.state';
export * from './onboarding/onboarding-drip.engine';
export * from './onboarding/partner-activity-log';

// engagement, re-engagement and tiers
export type * from './reengagement/reengagement-config.schema';
export * from './reengagement/engagement.state';
export * from './reengagement/engagement.engine';
export * from './reengagement/reengagement-cycle';
export type * from './tiers/performance-measure';
export * from './tiers/tier-periods';
export * from './tiers/tier.engine';

// termination
export * from './termination/termination-config.schema';
export * from './termination/termination-request.schema';
export * from './termination/termination-policy';
export * from './termination/termination-wind-down.messages';

// workflow ids, search attributes and messages (signals, updates, queries and their schemas)
export * from './workflows/workflow-ids';
export * from './workflows/search-attributes';
export * from './workflows/partner-lifecycle.messages';
export * from './workflows/commission-hold.messages';
export * from './commissions/commission-rates';

// messaging, events, webhooks, broadcasts
export * from './notifications/email-templates';
export type * from './messaging/message-delivery';
export * from './events/domain-event';
export * from './webhooks/webhook-policy';
export * from './webhooks/webhook-delivery.messages';
export * from './broadcasts/broadcast.messages';

// payouts
export * from './payouts/payout-approvals';
export * from './payouts/payout-run.messages';
