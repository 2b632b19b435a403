import type { Env } from '@partnerflow/domain';
import type { DestinationStream, Logger } from 'pino';
import { createJsonLogger } from '@partnerflow/observability';
import { requestContext } from './request-context';

/**
 * The api's logger: JSON lines at LOG_LEVEL, each written during a request with its `requestId`.
 * Under NODE_ENV=test without a destination only errors are written, as before (the suites start
 * many apps; a suite that reads the logs passes its own destination).
 */
export function createApiLogger(env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>, destination?: DestinationStream): Logger {
  return createJsonLogger({
    service: 'api',
    level: destination || env.NODE_ENV !== 'test' ? env.LOG_LEVEL : 'error',
    destination,
    mixin: () => {
      const context = requestContext.getStore();
      return context ? { requestId: context.requestId } : {};
    },
  });
}
