import { defaultPayloadConverter } from '@temporalio/common';
import { google, temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
type Long = { toString(): string } | number | null | undefined;

export interface ReadableEvent {
  eventId: number;
  time: string;
  type: string;
  summary: string;
  details: Record<string, unknown>;
}

const num = (value: Long): number => Number(value?.toString() ?? 0);
const seconds = (d?: google.protobuf.IDuration | null) => num(d?.seconds) + (d?.nanos ?? 0) / 1e9;
const isoTime = (t?: google.protobuf.ITimestamp | null) =>
  new Date(num(t?.seconds) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6)).toISOString();

function decodeAll(payloads: Payloads): unknown[] {
  return (payloads?.payloads ?? []).map((payload) => {
    try {
      return defaultPayloadConverter.fromPayload(payload);
    } catch {
      return '<undecodable payload>';
    }
  });
}
const decodeOne = (payloads: Payloads) => decodeAll(payloads)[0];

function decodeMap(fields?: Record<string, temporal.api.common.v1.IPayload> | null) {
  return Object.fromEntries(
    Object.entries(fields ?? {}).map(([key, payload]) => [key, decodeOne({ payloads: [payload] })]),
  );
}

/** `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED` → `ActivityTaskScheduled`. */
function typeName(event: HistoryEvent): string {
  const raw = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? 'Unknown';
  return raw
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Workflow-task bookkeeping says nothing to a reader; it is shown only on request. */
export const isBookkeeping = (event: ReadableEvent): boolean => event.type.startsWith('WorkflowTask');

/**
 * Turns raw history into a timeline a person can read: names, decoded inputs and results,
 * when a timer fires. Activity results are labelled with the activity's name.
 */
export function readableHistory(events: HistoryEvent[]): ReadableEvent[] {
  const activityNames = new Map<number, string>();
  return events.map((event) => {
    const time = isoTime(event.eventTime);
    const base = { eventId: num(event.eventId), time, type: typeName(event) };
    const { summary, details } = describe(event, time, activityNames);
    return { ...base, summary, details };
  });
}

function describe(event: HistoryEvent, time: string, activityNames: Map<number, string>) {
  const a = event;
  if (a.workflowExecutionStartedEventAttributes) {
    const s = a.workflowExecutionStartedEventAttributes;
    return {
      summary: `workflow ${s.workflowType?.name} started`,
      details: { workflowType: s.workflowType?.name, input: decodeAll(s.input), memo: decodeMap(s.memo?.fields), searchAttributes: decodeMap(s.searchAttributes?.indexedFields), parent: s.parentWorkflowExecution?.workflowId ?? null },
    };
  }
  if (a.activityTaskScheduledEventAttributes) {
    const s = a.activityTaskScheduledEventAttributes;
    activityNames.set(num(event.eventId), s.activityType?.name ?? '?');
    return { summary: `activity ${s.activityType?.name} scheduled`, details: { activity: s.activityType?.name, activityId: s.activityId, input: decodeAll(s.input) } };
  }
  if (a.activityTaskStartedEventAttributes) {
    const s = a.activityTaskStartedEventAttributes;
    const name = activityNames.get(num(s.scheduledEventId));
    return { summary: `activity ${name} started (attempt ${s.attempt})`, details: { activity: name, attempt: s.attempt, lastFailure: s.lastFailure?.message ?? null } };
  }
  if (a.activityTaskCompletedEventAttributes) {
    const s = a.activityTaskCompletedEventAttributes;
    const name = activityNames.get(num(s.scheduledEventId));
    return { summary: `activity ${name} completed`, details: { activity: name, result: decodeOne(s.result) } };
  }
  if (a.activityTaskFailedEventAttributes) {
    const s = a.activityTaskFailedEventAttributes;
    const name = activityNames.get(num(s.scheduledEventId));
    return { summary: `activity ${name} failed: ${s.failure?.message}`, details: { activity: name, failure: s.failure?.message, retryState: s.retryState } };
  }
  if (a.activityTaskTimedOutEventAttributes) {
    const name = activityNames.get(num(a.activityTaskTimedOutEventAttributes.scheduledEventId));
    return { summary: `activity ${name} timed out`, details: { activity: name, failure: a.activityTaskTimedOutEventAttributes.failure?.message } };
  }
  if (a.timerStartedEventAttributes) {
    const s = a.timerStartedEventAttributes;
    const fireInSeconds = seconds(s.startToFireTimeout);
    const firesAt = new Date(new Date(time).getTime() + fireInSeconds * 1000).toISOString();
    return { summary: `timer ${s.timerId} set for ${firesAt}`, details: { timerId: s.timerId, fireInSeconds, firesAt } };
  }
  if (a.timerFiredEventAttributes) {
    return { summary: `timer ${a.timerFiredEventAttributes.timerId} fired`, details: { timerId: a.timerFiredEventAttributes.timerId } };
  }
  if (a.timerCanceledEventAttributes) {
    return { summary: `timer ${a.timerCanceledEventAttributes.timerId} cancelled`, details: { timerId: a.timerCanceledEventAttributes.timerId } };
  }
  if (a.workflowExecutionSignaledEventAttributes) {
    const s = a.workflowExecutionSignaledEventAttributes;
    return { summary: `signal ${s.signalName} received`, details: { signal: s.signalName, input: decodeAll(s.input) } };
  }
  if (a.workflowExecutionUpdateAcceptedEventAttributes) {
    const s = a.workflowExecutionUpdateAcceptedEventAttributes;
    return { summary: `update ${s.acceptedRequest?.input?.name} accepted`, details: { update: s.acceptedRequest?.input?.name, input: decodeAll(s.acceptedRequest?.input?.args) } };
  }
  if (a.workflowExecutionUpdateCompletedEventAttributes) {
    const s = a.workflowExecutionUpdateCompletedEventAttributes;
    return { summary: 'update completed', details: { result: decodeOne(s.outcome?.success), failure: s.outcome?.failure?.message ?? null } };
  }
  if (a.startChildWorkflowExecutionInitiatedEventAttributes) {
    const s = a.startChildWorkflowExecutionInitiatedEventAttributes;
    return { summary: `child workflow ${s.workflowId} requested`, details: { workflowId: s.workflowId, workflowType: s.workflowType?.name } };
  }
  if (a.childWorkflowExecutionStartedEventAttributes) {
    const s = a.childWorkflowExecutionStartedEventAttributes;
    return { summary: `child workflow ${s.workflowExecution?.workflowId} started`, details: { workflowId: s.workflowExecution?.workflowId, runId: s.workflowExecution?.runId } };
  }
  if (a.childWorkflowExecutionCompletedEventAttributes) {
    const s = a.childWorkflowExecutionCompletedEventAttributes;
    return { summary: `child workflow ${s.workflowExecution?.workflowId} completed`, details: { workflowId: s.workflowExecution?.workflowId, result: decodeOne(s.result) } };
  }
  if (a.childWorkflowExecutionFailedEventAttributes) {
    const s = a.childWorkflowExecutionFailedEventAttributes;
    return { summary: `child workflow ${s.workflowExecution?.workflowId} failed`, details: { workflowId: s.workflowExecution?.workflowId, failure: s.failure?.message } };
  }
  if (a.upsertWorkflowSearchAttributesEventAttributes) {
    const fields = decodeMap(a.upsertWorkflowSearchAttributesEventAttributes.searchAttributes?.indexedFields);
    return { summary: `search attributes set: ${JSON.stringify(fields)}`, details: fields };
  }
  if (a.markerRecordedEventAttributes) {
    const s = a.markerRecordedEventAttributes;
    return { summary: `marker ${s.markerName} recorded`, details: { marker: s.markerName, details: decodeMap(Object.fromEntries(Object.entries(s.details ?? {}).map(([k, v]) => [k, v.payloads?.[0] ?? {}]))) } };
  }
  if (a.workflowExecutionCompletedEventAttributes) {
    return { summary: 'workflow completed', details: { result: decodeOne(a.workflowExecutionCompletedEventAttributes.result) } };
  }
  if (a.workflowExecutionFailedEventAttributes) {
    return { summary: `workflow failed: ${a.workflowExecutionFailedEventAttributes.failure?.message}`, details: { failure: a.workflowExecutionFailedEventAttributes.failure?.message } };
  }
  if (a.workflowExecutionContinuedAsNewEventAttributes) {
    return { summary: 'workflow continued as new', details: { newRunId: a.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId } };
  }
  if (a.workflowExecutionTerminatedEventAttributes) {
    return { summary: `workflow terminated: ${a.workflowExecutionTerminatedEventAttributes.reason}`, details: { reason: a.workflowExecutionTerminatedEventAttributes.reason } };
  }
  return { summary: typeName(event), details: {} };
}
