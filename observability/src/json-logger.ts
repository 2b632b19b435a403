import { hostname } from 'node:os';
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import { maskPii, maskPiiDeep } from './mask-pii';

export interface JsonLoggerOptions {
  /** `service` on every line: which process wrote it (`api`, `worker`). */
  service: string;
  /** LOG_LEVEL: lines below it are dropped. */
  level: string;
  /** Default: stdout (synchronous writes, so nothing is lost on exit). Tests pass a stream they read. */
  destination?: DestinationStream;
  /** Fields added to every line at write time (the api's request id). */
  mixin?: () => Record<string, unknown>;
}

/**
 * Fields that correlate lines (ids, route templates, numbers): written as they are. Everything
 * else goes through `maskPiiDeep`, whose patterns would otherwise take, say, an all-digit group
 * of a UUID request id for a tax id.
 */
const CORRELATION_FIELDS = new Set([
  'service', 'requestId', 'operatorKeyId', 'method', 'route', 'status', 'durationMs', 'context',
  'workflowId', 'runId', 'workflowType', 'activityId', 'activityType', 'attempt', 'taskQueue', 'namespace', 'sdkComponent',
]);

/** Whatever they hold, these are secrets or identify a person: replaced, not masked. */
const REDACTED_PATHS = ['authorization', 'cookie', 'password', 'token', 'secret', 'apiKey', 'key', 'tin', 'taskToken']
  .flatMap((name) => [name, `*.${name}`])
  .concat(['headers.authorization', 'headers.cookie', 'headers["set-cookie"]', 'headers["x-api-key"]']);

function maskedFields(fields: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (CORRELATION_FIELDS.has(name)) masked[name] = value;
    else if (value instanceof Error) masked[name] = maskPiiDeep({ ...stdSerializers.err(value) });
    else masked[name] = maskPiiDeep(value);
  }
  return masked;
}

/**
 * One JSON object per line (`level`, `time` in epoch ms, `msg`, `service`, then the line's own
 * fields), for the api and the worker alike. PII never reaches the output: the message and every
 * field are passed through `maskPii` (emails, IPs, TINs, bearer tokens), errors included (their
 * message and stack), and fields named like a secret are replaced by `[redacted]`.
 */
export function createJsonLogger(options: JsonLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid, hostname: hostname() },
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => maskedFields(fields),
      },
      // The message, and errors already turned into plain, masked objects by `formatters.log`.
      serializers: { msg: (message: unknown) => (typeof message === 'string' ? maskPii(message) : message), err: (value: unknown) => value },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: options.mixin,
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
