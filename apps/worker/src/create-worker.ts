import { NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import type { Env } from '@partnerflow/domain';
import { workflowBundleOptions } from './workflow-bundle';

export interface WorkerOptions {
  env: Pick<Env, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_TASK_QUEUE' | 'WORKFLOW_BUNDLE_PATH' | 'WORKER_MAX_CACHED_WORKFLOWS'>;
  activities: Activities;
  /** An already built bundle (tests share one); otherwise WORKFLOW_BUNDLE_PATH or the sources. */
  workflowBundle?: WorkflowBundle;
}

function bundleFromSource() {
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { webpackConfigHook } };
}

/**
 * Connects to Temporal and creates the worker for our task queue. Production passes the
 * prebuilt bundle (WORKFLOW_BUNDLE_PATH); otherwise workflows are bundled from source at start.
 */
export async function createPartnerflowWorker({ env, activities, workflowBundle }: WorkerOptions) {
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const workflowSource = workflowBundle
    ? { workflowBundle }
    : env.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: env.WORKFLOW_BUNDLE_PATH } }
      : bundleFromSource();
  const worker = await Worker.create({
    connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities,
    ...workflowSource,
    // Explicit: the SDK's default, sized from the heap, overcommits it with our workflows (.env.example).
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    // Drain in-flight activities on shutdown rather than abandoning them to a timeout.
    shutdownGraceTime: '20 seconds',
  });
  return { worker, connection };
}
