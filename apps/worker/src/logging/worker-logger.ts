import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { Env } from '@partnerflow/domain';
import type { DestinationStream, Level, Logger } from 'pino';
import { createJsonLogger } from '@partnerflow/observability';

/** The worker's JSON lines (same format and PII masking as the api's), `service: "worker"`. */
export function createWorkerLogger(env: Pick<Env, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  return createJsonLogger({ service: 'worker', level: env.LOG_LEVEL, destination });
}

const LEVELS: Record<LogLevel, Level> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/**
 * Temporal's log attributes as our lines name them. Activity lines carry workflowId, runId,
 * workflowType, activityType, activityId and attempt; workflow lines workflowId, runId and
 * workflowType. The task token is dropped: whoever holds it can complete the activity.
 */
export function correlationFields(meta: LogMetadata = {}): Record<string, unknown> {
  const { taskToken: _taskToken, workflowRunId, ...fields } = meta;
  return workflowRunId === undefined ? fields : { ...fields, runId: workflowRunId };
}

/**
 * Temporal's logger interface over pino, for `Runtime.install({ logger })`: the SDK's own lines,
 * the `log` of every activity context (`Context.current().log`, `log` from @temporalio/activity)
 * and the replay-aware workflow `log` all become JSON lines with their correlation fields.
 */
export class TemporalPinoLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.logger[LEVELS[level] ?? 'info'](correlationFields(meta), message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
