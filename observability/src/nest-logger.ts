import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/** Nest's own start-up chatter (every module and route it wires) is debug, not info. */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'NestApplicationContext']);

const looksLikeStack = (value: unknown): value is string => typeof value === 'string' && /\n\s+at /.test(value);

/**
 * Nest's LoggerService over pino, installed as the application's logger, so every existing
 * `new Logger('Context').warn(…)` writes a JSON line (with `context`, and the request id when it
 * runs inside a request) without changing the call site. Nest appends the context as the last
 * argument and, for `error`, passes a stack before it.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !looksLikeStack(last)) fields.context = rest.pop();
    if (level === 'error' || level === 'fatal') {
      // error(message, stack?, context?): Nest passes `undefined` for a missing stack.
      if (looksLikeStack(rest[0])) fields.stack = rest.shift();
      else if (rest[0] === undefined && rest.length > 0) rest.shift();
    }
    if (rest.length > 0) fields.params = rest;
    if (level === 'info' && FRAMEWORK_CONTEXTS.has(fields.context as string)) level = 'debug';

    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (message !== null && typeof message === 'object') this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
