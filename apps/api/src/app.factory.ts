import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '@partnerflow/domain';
import { AppModule } from './app.module';
import { setupOpenApi } from './docs/openapi';

/** Builds the HTTP application; main.ts listens on it, end-to-end tests boot it in-process. */
export async function createApp(env: Env): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(env), {
    logger: env.NODE_ENV === 'test' ? ['error'] : ['error', 'warn'],
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
