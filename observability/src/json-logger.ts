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

/**
 * Whatever they hold, fields with these names are secrets or identify a person: replaced, not
 * masked, as a line's own field or one level down (`headers.authorization`, `nested.password`).
 */
const REDACTED_NAMES = new Set(['authorization', 'cookie', 'set-cookie', 'x-api-key', 'password', 'token', 'secret', 'apiKey', 'key', 'tin', 'taskToken']);
const REDACTED = '[redacted]';

/**
 * Done here, in the pass over the fields that masks them anyway, rather than by pino's `redact`
 * option: that one copied every line's fields once per path (22 paths), the largest allocation
 * per postback in the ingestion benchmark's allocation profile (README, Benchmarks).
 */
function maskedFields(fields: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (REDACTED_NAMES.has(name)) masked[name] = REDACTED;
    else if (CORRELATION_FIELDS.has(name)) masked[name] = value;
    else if (value instanceof Error) masked[name] = maskPiiDeep(withSecretsRedacted({ ...stdSerializers.err(value) }));
    else masked[name] = maskPiiDeep(withSecretsRedacted(value));
  }
  return masked;
}

/** An object's fields named like a secret replaced, in a copy; anything else as it is. */
function withSecretsRedacted(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return value;
  if (!Object.keys(value).some((name) => REDACTED_NAMES.has(name))) return value;
  return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, REDACTED_NAMES.has(name) ? REDACTED : item]));
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
      mixin: options.mixin,
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
