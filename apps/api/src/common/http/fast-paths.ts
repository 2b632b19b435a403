import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { TrustProxy } from './client-address';

/** A route answered in front of Nest: takes the requests it recognizes (true) and leaves the rest. */
export interface FastPath {
  handle(request: IncomingMessage, response: ServerResponse): boolean;
}

/** What a fast path gets: express, to hand over what it cannot finish, and express's `trust proxy`. */
export interface FastPathContext {
  toExpress: RequestListener;
  trustProxy: () => TrustProxy;
}

/**
 * The busiest routes (the click redirect, postbacks) are answered in front of NestJS/express,
 * whose pipeline (router, guards, interceptors, response decoration) alone held them to the rate
 * of a 404 that does no work (README, Benchmarks). The http server's request listener is replaced
 * by one that offers each request to the fast paths in turn and hands every other request — and
 * any a fast path cannot finish cleanly — to express, unchanged.
 */
export function installFastPaths(app: NestExpressApplication, build: (context: FastPathContext) => FastPath[]): void {
  const server: Server = app.getHttpServer();
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1) throw new Error(`expected express as the only request listener, found ${listeners.length}`);
  const [toExpress] = listeners;
  const express = app.getHttpAdapter().getInstance();
  const paths = build({ toExpress, trustProxy: () => express.get('trust proxy fn') as TrustProxy });
  server.removeListener('request', toExpress);
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    for (const path of paths) if (path.handle(request, response)) return;
    toExpress(request, response);
  });
}
