// (Re)captures the committed histories under histories/ from real runs of every workflow on the
// time-skipping test server, with stub activities. Skipped unless CAPTURE_HISTORIES is set:
//
//   CAPTURE_HISTORIES=1 npm test -- test/replay/capture-histories
//
// Before overwriting a history it replays the committed one against the current code and stops
// if that fails: refreshing must never hide a change that breaks workflows already running.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Activities, PartnerEmailRequest } from '@partnerflow/activities';
import {
  partnerLifecycleWorkflowId,
  reviewDecisionSignal,
  screeningWorkflowId,
  type ApplicationUnderScreening,
  type ScreeningConfig,
} from '@partnerflow/domain';
import { partnerLifecycleWorkflow, screeningWorkflow } from '@partnerflow/workflows';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { HISTORIES_DIR, historyToJson, loadHistory } from './support';

const EventType = temporal.api.enums.v1.EventType;
/** Fixed names so that a refresh changes the files only where the workflows changed. */
const TASK_QUEUE = 'replay-capture';
const IDENTITY = 'replay-capture';

const config: ScreeningConfig = {
  rules: [
    { type: 'blocked_email_domains', domains: ['mailinator.com'], outcome: 'reject' },
    { type: 'min_audience', min: 1000, outcome: 'review' },
  ],
  whenAllRulesPass: 'approve',
};

const baseApplication: ApplicationUnderScreening = {
  name: 'Ada',
  email: 'ada@example.com',
  country: 'DE',
  website: 'https://ada.example.com',
  channels: [],
  audienceSize: 5000,
  partnerType: 'content',
};

/** One applicant per scenario, looked up by partner id. */
const applicants: Record<string, ApplicationUnderScreening> = {
  ptn_replay_approved: baseApplication,
  ptn_replay_rejected: { ...baseApplication, email: 'x@mailinator.com' },
  ptn_replay_review: { ...baseApplication, audienceSize: 10 },
};

/** Every file this capture writes, `<workflowType>-<scenario>.json`. */
const lifecycle = (scenario: string) => `${partnerLifecycleWorkflow.name}-${scenario}.json`;
const screening = (scenario: string) => `${screeningWorkflow.name}-${scenario}.json`;
const CAPTURED_FILES = [
  lifecycle('approved'),
  screening('approved-by-rules'),
  lifecycle('rejected'),
  screening('rejected-by-rules'),
  lifecycle('awaiting-screening'),
  screening('awaiting-review'),
  lifecycle('approved-after-review'),
  screening('approved-by-review'),
];

const describeCapture = process.env.CAPTURE_HISTORIES ? describe : describe.skip;

describeCapture('capture workflow histories (CAPTURE_HISTORIES is set)', () => {
  let env: TestWorkflowEnvironment;
  let client: Client;
  let bundle: WorkflowBundleWithSourceMap;
  let worker: Worker;
  let workerRun: Promise<void>;
  const emails: PartnerEmailRequest[] = [];

  beforeAll(async () => {
    bundle = await workflowBundle();
    await refuseToHideANonDeterministicChange(bundle);

    env = await createTimeSkippingEnvironment();
    client = new Client({ connection: env.connection, namespace: env.namespace, identity: IDENTITY });
    const activities: Partial<Activities> = {
      loadScreeningConfig: async () => ({ version: 3, config }),
      loadApplicationForScreening: async (partnerId) => {
        const applicant = applicants[partnerId];
        if (!applicant) throw new Error(`no applicant for ${partnerId}`);
        return applicant;
      },
      recordStageChange: async () => ({ recorded: true }),
      sendPartnerEmail: async (request) => {
        emails.push(request);
        return { messageId: `msg_${emails.length}`, smtpMessageId: null, alreadySent: false };
      },
    };
    worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace,
      taskQueue: TASK_QUEUE,
      identity: IDENTITY,
      workflowBundle: bundle,
      activities: activities as Activities,
    });
    workerRun = worker.run();
  });

  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await workerRun;
    }
    await env?.teardown();
  });

  function start(partnerId: string) {
    return client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId, programId: 'prg_replay', screeningConfigVersionId: 'cfg_replay' }],
    });
  }
  const screeningOf = (partnerId: string) => client.workflow.getHandle(screeningWorkflowId(partnerId));

  it('lifecycle approved by the rules: the partner is ACTIVE and the workflow stays open', async () => {
    const parent = await start('ptn_replay_approved');
    const history = await settledHistory(parent, { activitiesCompleted: 2 }); // stage change, welcome email
    save(lifecycle('approved'), history);
    save(screening('approved-by-rules'), await completedHistory(screeningOf('ptn_replay_approved')));
  });

  it('lifecycle rejected by the rules: rejection email, then the workflow completes', async () => {
    const parent = await start('ptn_replay_rejected');
    save(lifecycle('rejected'), await completedHistory(parent));
    save(screening('rejected-by-rules'), await completedHistory(screeningOf('ptn_replay_rejected')));
  });

  it('screening sent to human review: waits for the reviewDecision signal, then the partner is ACTIVE', async () => {
    const parent = await start('ptn_replay_review');
    const child = screeningOf('ptn_replay_review');
    // In flight: the child waits for an operator after loading config and application and sending
    // the under-review email; the parent waits for the child.
    save(screening('awaiting-review'), await settledHistory(child, { activitiesCompleted: 3 }));
    save(lifecycle('awaiting-screening'), await settledHistory(parent, { activitiesCompleted: 0 }));

    await child.signal(reviewDecisionSignal, { decision: 'approve', reason: 'great fit', reviewerId: 'key_reviewer' });
    save(screening('approved-by-review'), await completedHistory(child));
    save(lifecycle('approved-after-review'), await settledHistory(parent, { activitiesCompleted: 2 }));
  });
});

/**
 * The history of an open workflow once it is waiting: its last workflow task is completed, the
 * expected number of activities have completed, none is in flight and every child has started.
 */
async function settledHistory(handle: WorkflowHandle, { activitiesCompleted }: { activitiesCompleted: number }) {
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
      events.at(-1)?.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED &&
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

async function completedHistory(handle: WorkflowHandle): Promise<History> {
  await handle.result();
  return handle.fetchHistory();
}

/** Written to a temporary name first, so a replay running alongside never reads half a file. */
function save(file: string, history: History): void {
  const target = path.join(HISTORIES_DIR, file);
  writeFileSync(`${target}.tmp`, historyToJson(history));
  renameSync(`${target}.tmp`, target);
}

async function refuseToHideANonDeterministicChange(bundle: WorkflowBundleWithSourceMap): Promise<void> {
  const failures: string[] = [];
  for (const file of CAPTURED_FILES.filter((name) => existsSync(path.join(HISTORIES_DIR, name)))) {
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
