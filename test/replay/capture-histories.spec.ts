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
  decideReviewUpdate,
  partnerLifecycleWorkflowId,
  screeningConfigSchema,
  screeningWorkflowId,
  type ApplicationUnderScreening,
  type ScreeningConfig,
} from '@partnerflow/domain';
import { partnerLifecycleWorkflow, screeningWorkflow } from '@partnerflow/workflows';
import { createTimeSkippingEnvironment, workflowBundle } from '../support/temporal';
import { testApplicant } from '../support/applicants';
import { HISTORIES_DIR, historyToJson, loadHistory } from './support';

const EventType = temporal.api.enums.v1.EventType;
/** Fixed names so that a refresh changes the files only where the workflows changed. */
const TASK_QUEUE = 'replay-capture';
const IDENTITY = 'replay-capture';

const config: ScreeningConfig = screeningConfigSchema.parse({
  rules: [
    { type: 'blocked_email_domains', domains: ['mailinator.com'], outcome: 'reject' },
    { type: 'min_audience', min: 1000, outcome: 'review' },
  ],
  whenAllRulesPass: 'approve',
  review: {
    reviewerEmails: ['reviewer@replay.test'],
    remindAfterHours: 24,
    escalateAfterHours: 48,
    escalationEmails: ['head@replay.test'],
  },
});

/** Screening configs by version id: the second decides itself when the review deadline passes. */
const configs: Record<string, ScreeningConfig> = {
  cfg_replay: config,
  cfg_replay_deadline: screeningConfigSchema.parse({ ...config, review: { ...config.review, deadlineHours: 96, onDeadline: 'reject' } }),
};

const baseApplication = testApplicant();

/** One applicant per scenario, looked up by partner id. */
const applicants: Record<string, ApplicationUnderScreening> = {
  ptn_replay_approved: baseApplication,
  ptn_replay_rejected: { ...baseApplication, email: 'x@mailinator.com' },
  ptn_replay_review: { ...baseApplication, audienceSize: 10 },
  ptn_replay_reminded: { ...baseApplication, audienceSize: 10 },
  ptn_replay_auto_decided: { ...baseApplication, audienceSize: 10 },
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
  screening('reminded'),
  screening('escalated'),
  screening('auto-decided'),
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
      loadScreeningConfig: async (configVersionId) => ({ version: 3, config: configs[configVersionId] }),
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
      sendOperatorEmail: async (request) => {
        emails.push(request);
        return { messageId: `msg_${emails.length}`, smtpMessageId: null, alreadySent: false };
      },
      openReviewTask: async () => ({ taskId: 'tsk_replay' }),
      recordReviewMilestone: async () => ({ recorded: true }),
      recordReviewDecision: async () => ({ recorded: true }),
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

  function start(partnerId: string, screeningConfigVersionId = 'cfg_replay') {
    return client.workflow.start(partnerLifecycleWorkflow, {
      workflowId: partnerLifecycleWorkflowId(partnerId),
      taskQueue: TASK_QUEUE,
      args: [{ partnerId, programId: 'prg_replay', screeningConfigVersionId }],
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

  it('screening sent to human review: waits for the decideReview update, then the partner is ACTIVE', async () => {
    const parent = await start('ptn_replay_review');
    const child = screeningOf('ptn_replay_review');
    // In flight: the child waits for an operator (with its reminder and escalation timers) after
    // loading config and application, queueing the task, and emailing the applicant and the
    // reviewers; the parent waits for the child.
    save(screening('awaiting-review'), await settledHistory(child, { activitiesCompleted: 5 }));
    save(lifecycle('awaiting-screening'), await settledHistory(parent, { activitiesCompleted: 0 }));

    await child.executeUpdate(decideReviewUpdate, { args: [{ decision: 'approve', reason: 'great fit', reviewerId: 'key_reviewer' }] });
    save(screening('approved-by-review'), await completedHistory(child)); // + the decision recorded
    save(lifecycle('approved-after-review'), await settledHistory(parent, { activitiesCompleted: 2 }));
  });

  it('review reminder, then escalation: the reviewers are reminded after 24 hours, escalated after 48', async () => {
    await start('ptn_replay_reminded');
    const child = screeningOf('ptn_replay_reminded');
    await settledHistory(child, { activitiesCompleted: 5 });
    await env.sleep('25 hours');
    save(screening('reminded'), await settledHistory(child, { activitiesCompleted: 7 })); // milestone, email
    await env.sleep('24 hours');
    save(screening('escalated'), await settledHistory(child, { activitiesCompleted: 9 }));
  });

  it('review deadline passed: the screening rejects by itself and records the decision', async () => {
    await start('ptn_replay_auto_decided', 'cfg_replay_deadline');
    const child = screeningOf('ptn_replay_auto_decided');
    await settledHistory(child, { activitiesCompleted: 5 });
    await env.sleep('97 hours'); // past reminder, escalation and the 96-hour deadline
    save(screening('auto-decided'), await completedHistory(child));
  });
});

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
