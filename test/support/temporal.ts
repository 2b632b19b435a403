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
