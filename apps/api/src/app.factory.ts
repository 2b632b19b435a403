import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '@partnerflow/domain';
import { AppModule } from './app.module';
import { setupOpenApi } from './docs/openapi';
import { ApiMetrics } from './metrics/api-metrics';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { installFastRedirect } from './tracking/redirect/fast-redirect';

/** Builds the HTTP application; main.ts listens on it, end-to-end tests boot it in-process. */
export async function createApp(env: Env): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(env), {
    logger: env.NODE_ENV === 'test' ? ['error'] : ['error', 'warn'],
    abortOnError: false,
    // Signed events and postbacks are verified against the body exactly as sent (request.rawBody).
    rawBody: true,
  });
  app.disable('x-powered-by');
  // Behind reverse proxies, which hops' X-Forwarded-For to believe (README, Tracking).
  app.set('trust proxy', env.TRUST_PROXY);
  app.use(httpMetricsMiddleware(app.get(ApiMetrics)));
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  setupOpenApi(app);
  installFastRedirect(app);
  return app;
}
