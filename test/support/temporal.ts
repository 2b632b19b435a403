import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_NAMES } from '@partnerflow/domain';
import { workflowBundleOptions } from '../../apps/worker/src/workflow-bundle';

// Workers in tests log their state changes at INFO; only warnings and errors are worth reading.
// Installed when this module loads, before any worker or connection creates the default runtime.
try {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    // The Java test server lacks a capability the SDK core warns about on every worker start.
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
} catch {
  // Already installed in this module registry: keep it.
}

function requiredPath(variable: 'TEMPORAL_TEST_SERVER_PATH'): string {
  const value = process.env[variable];
  if (!value) throw new Error(`${variable} is not set: run the suite with \`npm test\``);
  return value;
}

/**
 * The time-skipping test server, from the binary `npm test` installed (the SDK's own download
 * cannot reach the internet here).
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: requiredPath('TEMPORAL_TEST_SERVER_PATH') } },
  });
  // Like the dev server at `npm run dev`, the test server must know our search attributes, or
  // starting a workflow that sets them fails.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      SEARCH_ATTRIBUTE_NAMES.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return env;
}

const { EventType } = temporal.api.enums.v1;
const WORKFLOW_TASK_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT,
]);
const ACTIVITY_CLOSED_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
  EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
]);
const RUN_CLOSED_EVENTS = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

/**
 * Resolves once the workflow's latest run is open and idle: its last workflow task completed and
 * every activity it scheduled has closed. Polls the history in real time (reading history neither
 * skips time nor touches the run).
 *
 * Query a workflow that continues as new only once it is idle, with nothing due to wake it. The
 * time-skipping test server mishandles a query reaching a run while the workflow task that
 * continues it as new is running: that task's completion fails half-applied (the next run starts,
 * this one never closes), the query is never answered (the client sets no deadline: it waits
 * forever), and the task's time-skipping lock is never released, so later result() calls on the
 * same server wait in real time.
 */
export async function untilIdle(handle: Pick<WorkflowHandle, 'workflowId' | 'fetchHistory'>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const types = ((await handle.fetchHistory()).events ?? []).map((event) => event.eventType ?? EventType.EVENT_TYPE_UNSPECIFIED);
    const idle =
      !RUN_CLOSED_EVENTS.has(types.at(-1) ?? EventType.EVENT_TYPE_UNSPECIFIED) &&
      types.filter((type) => WORKFLOW_TASK_EVENTS.has(type)).at(-1) === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
      types.filter((type) => type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length ===
        types.filter((type) => ACTIVITY_CLOSED_EVENTS.has(type)).length;
    if (idle) return;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} did not become idle; its history: ${types.map((type) => EventType[type]).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Webpack's progress report is noise in test output; its warnings and errors are not. */
export const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** Bundling takes seconds; one bundle serves every worker in a test file. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietBundlerLogger });
  return bundle;
}
