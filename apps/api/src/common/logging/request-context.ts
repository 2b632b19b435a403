import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request carries about it. */
export interface RequestContext {
  requestId: string;
}

/** Set around each request by `requestLogging`; read by the api logger's mixin. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
