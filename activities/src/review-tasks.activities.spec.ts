import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createReviewTaskActivities, type ReviewTaskOpening } from './review-tasks.activities';

/** Medium test: the task queue's writes against real PostgreSQL, each one repeated as a retry would. */
describe('review task activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let activities: ReturnType<typeof createReviewTaskActivities>;
  let programId: string;

  beforeAll(async () => {
    db = await createTestDatabase('review_tasks');
    prisma = createPrismaClient(db.url, 2);
    activities = createReviewTaskActivities({ prisma });
    programId = (await prisma.program.create({ data: { id: newId('program'), slug: 'acme', name: 'Acme' } })).id;
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function applicationInReview(): Promise<ReviewTaskOpening> {
    const partnerId = newId('partner');
    await prisma.partner.create({
      data: {
        id: partnerId, programId, email: `${partnerId}@example.com`, name: 'Grace', country: 'US',
        audienceSize: 10, type: 'content', workflowId: `partner-${partnerId}`,
      },
    });
    return {
      workflowId: `partner-${partnerId}-screening`,
      partnerId,
      summary: 'audience 10 is below 1000',
      reasons: [{ rule: 'audience', type: 'min_audience', passed: false, outcome: 'review', reason: 'audience 10 is below 1000' }],
      configVersion: 2,
      openedAt: '2026-03-01T10:00:00.000Z',
      remindAt: '2026-03-02T10:00:00.000Z',
      escalateAt: '2026-03-04T10:00:00.000Z',
      deadlineAt: null,
      onDeadline: null,
    };
  }

  it('opens one task per workflow, records each milestone once, and closes it with one audit entry', async () => {
    const opening = await applicationInReview();
    const first = await activities.openReviewTask(opening);
    expect(await activities.openReviewTask({ ...opening, summary: 'a retry' })).toEqual(first);

    expect(await activities.recordReviewMilestone({ workflowId: opening.workflowId, reached: 'reminded', at: '2026-03-02T10:00:00.000Z' })).toEqual({ recorded: true });
    expect(await activities.recordReviewMilestone({ workflowId: opening.workflowId, reached: 'reminded', at: '2026-03-02T11:00:00.000Z' })).toEqual({ recorded: false });

    const decision = {
      workflowId: opening.workflowId,
      partnerId: opening.partnerId,
      decision: 'approve' as const,
      reason: 'great fit',
      reviewerId: 'key_manager',
      decidedAt: '2026-03-02T12:00:00.000Z',
    };
    expect(await activities.recordReviewDecision(decision)).toEqual({ recorded: true });
    expect(await activities.recordReviewDecision(decision)).toEqual({ recorded: false });

    const task = await prisma.operatorTask.findUniqueOrThrow({ where: { workflowId_subjectKey: { workflowId: opening.workflowId, subjectKey: '' } } });
    expect(task).toMatchObject({
      id: first.taskId,
      kind: 'application_review',
      status: 'done',
      summary: 'audience 10 is below 1000',
      remindedAt: new Date('2026-03-02T10:00:00.000Z'),
      escalatedAt: null,
      decision: 'approve',
      decisionReason: 'great fit',
      decidedBy: 'key_manager',
    });
    expect(task.reasons).toEqual(opening.reasons);
    const audit = await prisma.auditEntry.findMany({ where: { targetId: opening.partnerId } });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'partner.review_decided', actorType: 'operator', actorId: 'key_manager', reason: 'great fit' }),
    ]);
  });

  it('records a decision taken at the deadline as the workflow\'s own', async () => {
    const opening = await applicationInReview();
    await activities.openReviewTask(opening);
    await activities.recordReviewDecision({
      workflowId: opening.workflowId,
      partnerId: opening.partnerId,
      decision: 'reject',
      reason: 'no review decision within 96 hours: rejected automatically',
      reviewerId: 'deadline',
      decidedAt: '2026-03-05T10:00:00.000Z',
    });
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { targetId: opening.partnerId } });
    expect(audit).toMatchObject({ actorType: 'system', actorId: opening.workflowId, after: { review: 'reject' } });
  });
});
