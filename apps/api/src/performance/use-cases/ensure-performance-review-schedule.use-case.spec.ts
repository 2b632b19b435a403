import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { performanceReviewScheduleId, type Env } from '@partnerflow/domain';
import { BackgroundWork } from '../../common/background-work';
import { EnsurePerformanceReviewScheduleUseCase } from './ensure-performance-review-schedule.use-case';

/** Against the real Temporal of `npm test`: the schedule exists after the api's start, once. */
describe('the weekly performance review schedule', () => {
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    const address = process.env.TEMPORAL_ADDRESS;
    if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`');
    connection = await Connection.connect({ address });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection?.close();
  });

  const envFor = (taskQueue: string) => ({ TEMPORAL_TASK_QUEUE: taskQueue }) as Env;

  it('is created when missing, firing Mondays 14:00 UTC, and left as an operator set it afterwards', async () => {
    const taskQueue = `performance-review-${randomUUID()}`;
    const useCase = new EnsurePerformanceReviewScheduleUseCase(client, envFor(taskQueue), new BackgroundWork());
    const handle = client.schedule.getHandle(performanceReviewScheduleId(taskQueue));
    try {
      expect(await useCase.execute()).toBe('created');
      const created = await handle.describe();
      expect(created.action).toMatchObject({ type: 'startWorkflow', workflowType: 'performanceReviewWorkflow', taskQueue, args: [{}] });
      expect(created.spec.timezone).toBe('UTC');
      expect(created.spec.calendars).toEqual([expect.objectContaining({ dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }], hour: [{ start: 14, end: 14, step: 1 }] })]);

      await handle.pause('paused by an operator');
      expect(await useCase.execute()).toBe('exists');
      expect((await handle.describe()).state.paused).toBe(true);
    } finally {
      await handle.delete().catch(() => undefined);
    }
  });

  it('does not hold up or fail the api start while Temporal is unreachable', async () => {
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const background = new BackgroundWork();
    const useCase = new EnsurePerformanceReviewScheduleUseCase(unreachable, envFor('unreachable'), background);
    const started = Date.now();
    expect(() => useCase.onApplicationBootstrap()).not.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    await background.settle();
    await expect(useCase.execute()).rejects.toThrow();
  });
});
