import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type {
  Activities,
  OperatorEmailRequest,
  ReviewDecisionRecord,
  ReviewMilestoneReached,
  ReviewTaskOpening,
} from '@partnerflow/activities';
import {
  decideReviewUpdate,
  reviewDecisionSignal,
  screeningConfigSchema,
  screeningWorkflowId,
  type ReviewPolicy,
} from '@partnerflow/domain';
import { createTimeSkippingEnvironment, workflowBundle } from '../../test/support/temporal';
import { testApplicant } from '../../test/support/applicants';
import { screeningWorkflow } from './screening.workflow';

const EventType = temporal.api.enums.v1.EventType;
const HOUR_MS = 3_600_000;

const applicant = testApplicant({ audienceSize: 10 });

/** Small audiences go to review; the reviewers are reminded after 24 h, escalation after 48 h. */
const configWith = (review: Partial<ReviewPolicy> | undefined) =>
  screeningConfigSchema.parse({
    rules: [{ type: 'min_audience', min: 1000, outcome: 'review' }],
    ...(review
      ? { review: { reviewerEmails: ['reviewer@acme.test'], remindAfterHours: 24, escalateAfterHours: 48, escalationEmails: ['head@acme.test'], ...review } }
      : {}),
  });

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** Activity stubs that record what the workflow asked for; `gates` hold an activity until released. */
function stubActivities(config: ReturnType<typeof configWith>, gates: { config?: Promise<void>; decision?: Promise<void> } = {}) {
  const calls = {
    openings: [] as ReviewTaskOpening[],
    milestones: [] as { reached: ReviewMilestoneReached; at: string }[],
    operatorEmails: [] as OperatorEmailRequest[],
    partnerEmails: [] as string[],
    decisions: [] as ReviewDecisionRecord[],
  };
  const activities: Partial<Activities> = {
    loadScreeningConfig: async () => {
      await gates.config;
      return { version: 2, config };
    },
    loadApplicationForScreening: async () => applicant,
    sendPartnerEmail: async (request) => {
      calls.partnerEmails.push(request.template);
      return { messageId: 'msg_partner', smtpMessageId: null, alreadySent: false };
    },
    sendOperatorEmail: async (request) => {
      calls.operatorEmails.push(request);
      return { messageId: `msg_${calls.operatorEmails.length}`, smtpMessageId: null, alreadySent: false };
    },
    openReviewTask: async (opening) => {
      calls.openings.push(opening);
      return { taskId: 'tsk_test' };
    },
    recordReviewMilestone: async ({ reached, at }) => {
      calls.milestones.push({ reached, at });
      return { recorded: true };
    },
    recordReviewDecision: async (record) => {
      await gates.decision;
      calls.decisions.push(record);
      return { recorded: true };
    },
  };
  return { activities: activities as Activities, calls };
}

type Calls = ReturnType<typeof stubActivities>['calls'];

describe('screeningWorkflow: human review', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function review(
    config: ReturnType<typeof configWith>,
    drive: (handle: WorkflowHandle<typeof screeningWorkflow>, calls: Calls) => Promise<void>,
    gates?: Parameters<typeof stubActivities>[1],
  ): Promise<Calls> {
    const { activities, calls } = stubActivities(config, gates);
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    const partnerId = `ptn_${randomUUID()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(screeningWorkflow, {
        workflowId: screeningWorkflowId(partnerId),
        taskQueue,
        args: [{ partnerId, programId: 'prg_test', screeningConfigVersionId: 'cfg_test' }],
      });
      await drive(handle, calls);
    });
    return calls;
  }

  const waitingSince = (calls: Calls) => new Date(calls.openings[0].openedAt).getTime();
  const hoursAfterOpening = (calls: Calls, at: string) => (new Date(at).getTime() - waitingSince(calls)) / HOUR_MS;
  const approve = { decision: 'approve' as const, reason: 'great fit', reviewerId: 'key_reviewer' };

  it('queues the task, tells the reviewers, reminds them after remindAfterHours and escalates after escalateAfterHours — not before', async () => {
    const calls = await review(configWith({}), async (handle, calls) => {
      await waitFor(() => calls.operatorEmails.length === 1);
      expect(calls.openings).toEqual([
        expect.objectContaining({ summary: 'audience 10 is below 1000', configVersion: 2, deadlineAt: null, onDeadline: null }),
      ]);
      expect(calls.openings[0].reasons).toEqual([expect.objectContaining({ rule: '1:min_audience', passed: false })]);
      expect(hoursAfterOpening(calls, calls.openings[0].remindAt)).toBe(24);
      expect(hoursAfterOpening(calls, calls.openings[0].escalateAt)).toBe(48);
      expect(calls.partnerEmails).toEqual(['partner.under_review']);
      expect(calls.operatorEmails[0]).toMatchObject({
        template: 'operator.review_requested',
        recipients: ['reviewer@acme.test'],
        step: 'review-requested-email',
        variables: { reasons: 'audience 10 is below 1000' },
      });

      await env.sleep('23 hours');
      expect(calls.milestones).toEqual([]);
      await env.sleep('2 hours');
      await waitFor(() => calls.operatorEmails.length === 2);
      await env.sleep('22 hours');
      expect(calls.milestones.map((m) => m.reached)).toEqual(['reminded']);
      await env.sleep('2 hours');
      await waitFor(() => calls.operatorEmails.length === 3);
      await handle.executeUpdate(decideReviewUpdate, { args: [approve] });
      await handle.result();
    });
    expect(calls.milestones.map((m) => m.reached)).toEqual(['reminded', 'escalated']);
    expect(hoursAfterOpening(calls, calls.milestones[0].at)).toBeCloseTo(24, 2);
    expect(hoursAfterOpening(calls, calls.milestones[1].at)).toBeCloseTo(48, 2);
    expect(calls.operatorEmails.slice(1)).toEqual([
      expect.objectContaining({
        template: 'operator.review_reminder',
        recipients: ['reviewer@acme.test'],
        step: 'review-reminder-email',
        variables: expect.objectContaining({ waitingHours: '24' }),
      }),
      expect.objectContaining({
        template: 'operator.review_escalated',
        recipients: ['head@acme.test'],
        step: 'review-escalation-email',
        variables: expect.objectContaining({ waitingHours: '48' }),
      }),
    ]);
  });

  it('decides itself at the deadline when the policy says so, and records who decided', async () => {
    let outcome: unknown;
    const calls = await review(configWith({ deadlineHours: 96, onDeadline: 'reject' }), async (handle) => {
      outcome = await handle.result(); // the test server skips time while we wait for the result
    });
    expect(outcome).toMatchObject({
      decision: 'reject',
      reason: 'no review decision within 96 hours: rejected automatically',
      decidedBy: 'deadline',
      configVersion: 2,
    });
    expect(calls.milestones.map((m) => m.reached)).toEqual(['reminded', 'escalated', 'deadline_passed']);
    expect(hoursAfterOpening(calls, calls.milestones[2].at)).toBeCloseTo(96, 2);
    expect(calls.openings[0]).toMatchObject({ onDeadline: 'reject' });
    expect(hoursAfterOpening(calls, calls.openings[0].deadlineAt ?? '')).toBe(96);
    expect(calls.decisions).toEqual([expect.objectContaining({ decision: 'reject', reviewerId: 'deadline' })]);
  });

  it('keeps waiting past the deadline when the policy says keep_waiting', async () => {
    const calls = await review(configWith({ deadlineHours: 72, onDeadline: 'keep_waiting' }), async (handle, calls) => {
      await waitFor(() => calls.openings.length === 1);
      await env.sleep('100 hours');
      await waitFor(() => calls.milestones.length === 3);
      const accepted = await handle.executeUpdate(decideReviewUpdate, { args: [approve] });
      expect(accepted).toEqual({ decision: 'approve', reason: 'great fit', decidedBy: 'key_reviewer' });
      expect(await handle.result()).toMatchObject({ decision: 'approve', decidedBy: 'key_reviewer' });
    });
    expect(calls.milestones.map((m) => m.reached)).toEqual(['reminded', 'escalated', 'deadline_passed']);
  });

  it('a decision before the reminder ends the review: no reminder, escalation or deadline, timers cancelled', async () => {
    let history: temporal.api.history.v1.IHistory | undefined;
    const calls = await review(configWith({ deadlineHours: 96, onDeadline: 'approve' }), async (handle, calls) => {
      await waitFor(() => calls.operatorEmails.length === 1);
      await env.sleep('1 hour');
      await handle.executeUpdate(decideReviewUpdate, { args: [{ ...approve, decision: 'reject', reason: 'off-topic site' }] });
      expect(await handle.result()).toMatchObject({ decision: 'reject', reason: 'off-topic site', decidedBy: 'key_reviewer' });
      await env.sleep('200 hours');
      history = await handle.fetchHistory();
    });
    expect(calls.milestones).toEqual([]);
    expect(calls.operatorEmails.map((email) => email.template)).toEqual(['operator.review_requested']);
    expect(calls.decisions).toEqual([expect.objectContaining({ decision: 'reject', reviewerId: 'key_reviewer', reason: 'off-topic site' })]);
    const types = (history?.events ?? []).map((event) => event.eventType);
    expect(types).toContain(EventType.EVENT_TYPE_TIMER_CANCELED);
    expect(types).not.toContain(EventType.EVENT_TYPE_TIMER_FIRED);
  });

  it('refuses a decision before the application waits, and a second decision, without a trace in the history', async () => {
    const configLoaded = deferred();
    const decisionRecorded = deferred();
    await review(
      configWith({}),
      async (handle, calls) => {
        const early = handle.executeUpdate(decideReviewUpdate, { args: [approve] });
        await expect(early).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
        await expect(early).rejects.toHaveProperty('cause.message', 'the application is not waiting for a review decision');
        configLoaded.release();

        await waitFor(() => calls.openings.length === 1);
        await handle.executeUpdate(decideReviewUpdate, { args: [approve] });
        // The workflow is still recording the first decision: the validator answers the second.
        const second = handle.executeUpdate(decideReviewUpdate, { args: [{ ...approve, decision: 'reject', reason: 'changed my mind' }] });
        await expect(second).rejects.toHaveProperty('cause.message', 'the application has already been decided (approve)');
        decisionRecorded.release();
        expect(await handle.result()).toMatchObject({ decision: 'approve', reason: 'great fit' });

        const events = (await handle.fetchHistory()).events ?? [];
        expect(events.filter((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(1);
      },
      { config: configLoaded.promise, decision: decisionRecorded.promise },
    );
  });

  it('still follows the reviewDecision signal; without a review section it queues the task with the default timers and emails nobody', async () => {
    const calls = await review(configWith(undefined), async (handle, calls) => {
      await waitFor(() => calls.openings.length === 1 && calls.partnerEmails.length === 1);
      await handle.signal(reviewDecisionSignal, approve);
      expect(await handle.result()).toMatchObject({ decision: 'approve', decidedBy: 'key_reviewer' });
    });
    expect(hoursAfterOpening(calls, calls.openings[0].remindAt)).toBe(24);
    expect(hoursAfterOpening(calls, calls.openings[0].escalateAt)).toBe(72);
    expect(calls.operatorEmails).toEqual([]);
    expect(calls.decisions).toHaveLength(1);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
