import { defineSignal } from '@temporalio/workflow';
import { z } from 'zod';

/**
 * Domain events (issue 7): facts other parts of the system and operators' webhook endpoints react
 * to. A producer records one in its own transaction (the outbox, `domain_events`), so an event
 * exists exactly when the state change it describes committed; dispatch happens after commit.
 */
export const DOMAIN_EVENT_NAMES = [
  'partner.approved',
  'conversion.created',
  'commission.created',
  'commission.approved',
  'commission.reversed',
  'payout.paid',
  'payout.failed',
  'payout.returned',
  // A partner wrote to the program's team (its inbox): the managers are told.
  'message.received',
  // Triggers of seed 003's notification table (and seed 001's performance drop).
  'payout.threshold_reached',
  'commission_plan.updated',
  'traffic_quality.flagged',
  'creative.published',
  // A published creative retired: partners must stop using it (seed 003: "deprecated with clear notifications").
  'creative.deprecated',
  'document.required',
  'milestone.achieved',
  'performance.dropped',
] as const;

export const domainEventNameSchema = z.enum(DOMAIN_EVENT_NAMES);
export type DomainEventName = z.infer<typeof domainEventNameSchema>;

/** What the event is about (`{ type: 'commission', id: 'com_…' }`). */
export const domainEventSubjectSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(128),
});
export type DomainEventSubject = z.infer<typeof domainEventSubjectSchema>;

/** JSON-safe payload: amounts as decimal strings, times as ISO strings (it crosses Temporal). */
export type DomainEventData = Record<string, unknown>;

/** A recorded event as every consumer sees it (webhook body, notification rules, workflows). */
export interface DomainEvent {
  id: string;
  name: DomainEventName;
  programId: string;
  partnerId?: string;
  subject?: DomainEventSubject;
  data: DomainEventData;
  /** ISO 8601. */
  occurredAt: string;
}

/**
 * What a producer hands to `recordDomainEvent`. `idempotencyKey` is the business key of the fact
 * (`commission.approved:com_…`): recording it twice (an activity retry) is a no-op.
 */
export interface DomainEventInput {
  name: DomainEventName;
  programId: string;
  partnerId?: string;
  subject?: DomainEventSubject;
  data?: DomainEventData;
  occurredAt?: Date;
  idempotencyKey: string;
}

/** The default key: one event of a name per subject (a commission is approved once). */
export function domainEventKey(name: DomainEventName, subjectId: string): string {
  return `${name}:${subjectId}`;
}

/** Workflow id of an event's dispatch: the event id makes a second start a no-op. */
export const domainEventDispatchWorkflowId = (eventId: string): string => `event-${eventId}`;

/**
 * A bulk producer's dispatch of a batch of its events (`events-<key>`): the key names the batch
 * (the producer's id and the batch's first event), so starting it again is a no-op. Batches are
 * at most MAX_EVENTS_PER_DISPATCH_BATCH events: one workflow's activities in flight together.
 */
export const domainEventBatchDispatchWorkflowId = (batchKey: string): string => `events-${batchKey}`;
export const MAX_EVENTS_PER_DISPATCH_BATCH = 100;

/**
 * The catch-up (`domain-events-catch-up-<taskQueue>`, one per deployment): on a durable timer, and
 * when a worker starts (this signal), it starts the dispatch of events whose producer could not
 * (Temporal unreachable right after the commit, a crash in between).
 */
export const domainEventCatchUpWorkflowId = (taskQueue: string): string => `domain-events-catch-up-${taskQueue}`;
export const catchUpDomainEventsSignal = defineSignal('catchUpDomainEvents');
