import { log } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { DestinationStream } from 'pino';
import { correlationFields, createWorkerLogger, TemporalPinoLogger } from './worker-logger';

type Line = Record<string, unknown>;

function captured(): DestinationStream & { lines: Line[] } {
  const lines: Line[] = [];
  return { lines, write: (line: string) => void lines.push(JSON.parse(line) as Line) };
}

describe('worker logs', () => {
  it("write an activity's log lines as JSON with its workflow and activity correlation, PII masked", async () => {
    const out = captured();
    const logger = new TemporalPinoLogger(createWorkerLogger({ LOG_LEVEL: 'info' }, out));
    const environment = new MockActivityEnvironment(
      {
        activityType: 'sendEmail',
        activityId: '7',
        attempt: 3,
        workflowType: 'partnerLifecycleWorkflow',
        workflowExecution: { workflowId: 'partner-ptn_01ABC', runId: '5c1e0f6a-2b3d-4e5f-8a9b-000000000123' },
      },
      { logger },
    );

    await environment.run(async () => {
      log.info('sending the welcome email to ada@example.com', { recipient: 'ada@example.com', templateId: 'welcome' });
    });

    const line = out.lines.find((entry) => String(entry.msg).startsWith('sending the welcome email'));
    expect(line).toMatchObject({
      level: 'info',
      service: 'worker',
      msg: 'sending the welcome email to a***@example.com',
      workflowId: 'partner-ptn_01ABC',
      runId: '5c1e0f6a-2b3d-4e5f-8a9b-000000000123',
      workflowType: 'partnerLifecycleWorkflow',
      activityType: 'sendEmail',
      activityId: '7',
      attempt: 3,
      recipient: 'a***@example.com',
      templateId: 'welcome',
      sdkComponent: 'activity',
    });
    expect(typeof line?.time).toBe('number');
    // The task token completes the activity for whoever holds it: never logged.
    expect(out.lines.every((entry) => !('taskToken' in entry) && !('workflowRunId' in entry))).toBe(true);
    expect(JSON.stringify(out.lines)).not.toContain('ada@example.com');
    // The SDK's lifecycle lines ("Activity started"/"completed") are debug: below LOG_LEVEL=info.
    expect(out.lines.filter((entry) => entry.level === 'debug')).toEqual([]);
  });

  it('maps Temporal levels and passes workflow lines through with their run id', () => {
    const out = captured();
    const logger = new TemporalPinoLogger(createWorkerLogger({ LOG_LEVEL: 'debug' }, out));
    logger.debug('Workflow started', { workflowId: 'payout-run-1', runId: 'r-1', workflowType: 'payoutRunWorkflow', sdkComponent: 'workflow' });
    logger.warn('Activity failed', { error: new Error('SMTP 203.0.113.5 refused'), workflowRunId: 'r-2', taskToken: 'dG9rZW4=' });
    logger.trace('below debug');

    expect(out.lines).toEqual([
      expect.objectContaining({ level: 'debug', msg: 'Workflow started', workflowId: 'payout-run-1', runId: 'r-1', workflowType: 'payoutRunWorkflow' }),
      expect.objectContaining({ level: 'warn', msg: 'Activity failed', runId: 'r-2', error: expect.objectContaining({ type: 'Error', message: 'SMTP 203.0.113.*** refused' }) }),
    ]);
    expect(out.lines[1]).not.toHaveProperty('taskToken');
    expect(correlationFields(undefined)).toEqual({});
  });
});
