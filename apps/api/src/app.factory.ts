import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '@partnerflow/domain';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { createApiLogger } from './common/logging/api-logger';
import { PinoNestLogger } from '@partnerflow/observability';
import { requestLogging } from './common/logging/request-logging.middleware';
import { setupOpenApi } from './docs/openapi';
import { ApiMetrics } from './metrics/api-metrics';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { installFastPaths } from './common/http/fast-paths';
import { fastPostbacksOf } from './conversions/fast-postbacks';
import { fastRedirectOf } from './tracking/redirect/fast-redirect';

export interface AppOptions {
  /** Where the JSON log lines go (default stdout); a test reads them from its own stream. */
  logDestination?: DestinationStream;
}

/** Builds the HTTP application; main.ts listens on it, end-to-end tests boot it in-process. */
export async function createApp(env: Env, options: AppOptions = {}): Promise<NestExpressApplication> {
  const logger = createApiLogger(env, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(env), {
    // Installed as Nest's logger (as app.useLogger would): every `new Logger(context)` writes JSON through pino.
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    // Signed events and postbacks are verified against the body exactly as sent (request.rawBody).
    rawBody: true,
  });
  app.disable('x-powered-by');
  // Behind reverse proxies, which hops' X-Forwarded-For to believe (README, Tracking).
  app.set('trust proxy', env.TRUST_PROXY);
  app.use(requestLogging(logger));
  app.use(httpMetricsMiddleware(app.get(ApiMetrics)));
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  setupOpenApi(app);
  installFastPaths(app, (context) => [fastRedirectOf(app, context), fastPostbacksOf(app, logger, context)]);
  return app;
}
