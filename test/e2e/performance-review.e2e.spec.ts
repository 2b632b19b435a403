import { Client, Connection } from '@temporalio/client';
import { DEFAULT_NOTIFICATION_RULES, lastCompletedWeeks, newId, performanceReviewScheduleId } from '@partnerflow/domain';
import { eventually, startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(120_000);

/**
 * The weekly review through the real api (which creates the schedule), worker, Temporal dev
 * server, PostgreSQL and SMTP: a partner whose conversions halved is reported to the managers once.
 */
describe('weekly performance review, end to end', () => {
  let stack: TestStack;
  let connection: Connection;
  beforeAll(async () => {
    stack = await startTestStack('performance_review');
    connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.stop();
  });

  it('the api creates the schedule; a firing emails the managers about a partner whose conversions halved', async () => {
    const { prisma } = stack;
    const programId = newId('program');
    await prisma.program.create({ data: { id: programId, slug: programId, name: 'Acme' } });
    await prisma.notificationRuleSet.create({ data: { id: newId('notificationRuleSet'), programId, version: 1, document: { ...DEFAULT_NOTIFICATION_RULES, managerEmails: ['am@acme.test'] } as never, createdBy: 'test' } });
    const partnerId = newId('partner');
    await prisma.partner.create({ data: { id: partnerId, programId, email: 'grace@example.com', name: 'Grace', country: 'US', audienceSize: 5, type: 'content', stage: 'ACTIVE', workflowId: `partner-${partnerId}` } });
    const weeks = lastCompletedWeeks(Date.now(), 'UTC');
    const convert = async (count: number, from: string) => {
      for (let n = 0; n < count; n += 1) {
        const id = newId('conversion');
        await prisma.conversion.create({ data: { id, programId, type: 'sale', externalId: id, source: 'event', occurredAt: new Date(Date.parse(from) + (n + 1) * 3_600_000), partnerId, attributionOutcome: 'attributed', attribution: {}, commissionStatus: 'not_applicable' } });
        await prisma.conversionShare.create({ data: { conversionId: id, touchId: newId('click'), touchKind: 'click', partnerId, sharePpm: 1_000_000 } });
      }
    };
    await convert(10, weeks.previousFrom);
    await convert(5, weeks.currentFrom);

    const client = new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE });
    const handle = client.schedule.getHandle(performanceReviewScheduleId(stack.env.TEMPORAL_TASK_QUEUE));
    await eventually('the schedule', () => handle.describe().then(() => true, () => undefined));
    await handle.trigger();
    const mail = await eventually('the managers email', async () => stack.mail.messages.find((m) => m.to.includes('am@acme.test')), 60_000);
    expect(mail.subject).toBe('Performance drop: Grace');
    expect(mail.text).toContain('dropped 50% week over week on conversions: 10 → 5.');
    // A second firing for the same week records and sends nothing more.
    await handle.trigger();
    await eventually('the second review done', async () => {
      const runs = await client.workflow.list({ query: `WorkflowType = 'performanceReviewWorkflow' AND TaskQueue = '${stack.env.TEMPORAL_TASK_QUEUE}' AND ExecutionStatus = 'Completed'` });
      let done = 0;
      for await (const _run of runs) done += 1;
      return done >= 2 ? true : undefined;
    }, 60_000);
    expect(await prisma.domainEvent.count({ where: { name: 'performance.dropped', partnerId } })).toBe(1);
    expect(stack.mail.messages.filter((m) => m.to.includes('am@acme.test'))).toHaveLength(1);
  });
});
