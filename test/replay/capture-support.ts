// Shared by the capture specs (capture-histories*.spec.ts): wait for an execution to settle,
// save its history, and refuse to overwrite a history the current code cannot replay.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { HISTORIES_DIR, historyToJson, loadHistory } from './support';

const EventType = temporal.api.enums.v1.EventType;
/** Fixed names so that a refresh changes the files only where the workflows changed. */
export const TASK_QUEUE = 'replay-capture';
export const IDENTITY = 'replay-capture';

/** A worker with stub activities on the capture task queue, and a client, until `stop()`. */
export async function startCaptureWorker(env: TestWorkflowEnvironment, bundle: WorkflowBundleWithSourceMap, activities: Partial<Activities>) {
  const client = new Client({ connection: env.connection, namespace: env.namespace, identity: IDENTITY });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace,
    taskQueue: TASK_QUEUE,
    identity: IDENTITY,
    workflowBundle: bundle,
    activities: activities as Activities,
  });
  const running = worker.run();
  return {
    client,
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

/**
 * A capture suite's setup, registered in its beforeAll and afterAll: refuses to overwrite a history
 * the current code cannot replay, then starts the time-skipping server and a worker with
 * `activities` on the capture task queue. Read `client` and `env` inside the tests.
 */
export function useCaptureWorker(capturedFiles: string[], activities: Partial<Activities>): { readonly client: Client; readonly env: TestWorkflowEnvironment } {
  let env: TestWorkflowEnvironment | undefined;
  let worker: Awaited<ReturnType<typeof startCaptureWorker>> | undefined;
  beforeAll(async () => {
    const bundle = await workflowBundle();
    await refuseToHideANonDeterministicChange(bundle, capturedFiles);
    env = await createTimeSkippingEnvironment();
    worker = await startCaptureWorker(env, bundle, activities);
  });
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
  });
  return {
    get client() {
      if (!worker) throw new Error('the capture worker is not started: read `client` inside a test');
      return worker.client;
    },
    get env() {
      if (!env) throw new Error('the capture environment is not started: read `env` inside a test');
      return env;
    },
  };
}

const WORKFLOW_TASK_EVENTS = new Set([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
]);

/**
 * The history of an open workflow once it is waiting: its last workflow task is completed (only
 * the events of its commands, such as timers started, may follow), the expected number of
 * activities have completed, none is in flight and every child has started.
 */
export async function settledHistory(handle: WorkflowHandle, { activitiesCompleted }: { activitiesCompleted: number }) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    // (a child workflow may not have been started yet: NOT_FOUND until then)
    const history = await handle.fetchHistory().catch((error: unknown) => {
      if (Date.now() > deadline) throw error;
      return { events: [] } as History;
    });
    const count = (type: temporal.api.enums.v1.EventType) =>
      (history.events ?? []).filter((event) => event.eventType === type).length;
    const events = history.events ?? [];
    const settled =
      events.filter((event) => WORKFLOW_TASK_EVENTS.has(event.eventType ?? 0)).at(-1)?.eventType ===
        EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
      count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) === activitiesCompleted &&
      count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) === activitiesCompleted &&
      count(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) ===
        count(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
    if (settled) return history;
    if (Date.now() > deadline) {
      throw new Error(`${handle.workflowId} did not settle with ${activitiesCompleted} completed activities`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The history once the workflow waits, whatever it did to get there: its last workflow task
 * completed, every activity it scheduled closed, every child it started running, and nothing new
 * for half a second.
 */
export async function quietHistory(handle: WorkflowHandle): Promise<History> {
  let previousLength = -1;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const history = await handle.fetchHistory().catch(() => ({ events: [] }) as History);
    const events = history.events ?? [];
    const count = (...types: temporal.api.enums.v1.EventType[]) => events.filter((event) => types.includes(event.eventType ?? 0)).length;
    const lastTask = events.filter((event) => WORKFLOW_TASK_EVENTS.has(event.eventType ?? 0)).at(-1)?.eventType;
    const quiet =
      lastTask === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
      count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) ===
        count(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT) &&
      count(EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) === count(EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED);
    if (quiet && events.length === previousLength) return history;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} did not come to rest`);
    previousLength = quiet ? events.length : -1;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function completedHistory(handle: WorkflowHandle): Promise<History> {
  await handle.result();
  return handle.fetchHistory();
}

/** Written to a temporary name first, so a replay running alongside never reads half a file. */
export function save(file: string, history: History): void {
  const target = path.join(HISTORIES_DIR, file);
  writeFileSync(`${target}.tmp`, historyToJson(history));
  renameSync(`${target}.tmp`, target);
}

/** Replays each of `files` already committed: a capture must not overwrite what running workflows need. */
export async function refuseToHideANonDeterministicChange(bundle: WorkflowBundleWithSourceMap, files: string[]): Promise<void> {
  const failures: string[] = [];
  for (const file of files.filter((name) => existsSync(path.join(HISTORIES_DIR, name)))) {
    try {
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'capture-check' }, loadHistory(file), file);
    } catch (error) {
      failures.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      'Not refreshing: the current workflow code cannot replay these committed histories, so workflows ' +
        'already running would break. Make the change replay-safe (patched()/deprecatePatch(), or a new ' +
        'workflow type), or, if no such workflow can be running anywhere, delete the files deliberately ' +
        `and capture again.\n${failures.join('\n')}`,
    );
  }
}
