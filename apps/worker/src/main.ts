import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import type { PrismaClient } from '@partnerflow/db';
import { parseEnv, type Env } from '@partnerflow/domain';
import type { Logger } from 'pino';
import { PinoNestLogger } from '@partnerflow/observability';
import { createPartnerflowWorker } from './create-worker';
import { requestDomainEventCatchUp } from './domain-event-catch-up';
import { createWorkerLogger, TemporalPinoLogger } from './logging/worker-logger';
import { startWorkerHealthServer } from './worker-health';
import { ACTIVITIES, PRISMA, WorkerModule } from './worker.module';

/**
 * Must precede any connection. The SDK's, activities' and workflows' log lines (and the native
 * core's warnings, forwarded) go to pino with their workflow/activity correlation; the SDK's own
 * metrics (slots, polls, task latencies) to a Prometheus endpoint when WORKER_METRICS_ADDRESS is set.
 */
function installRuntime(env: Env, logger: Logger): void {
  Runtime.install({
    logger: new TemporalPinoLogger(logger),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(env.WORKER_METRICS_ADDRESS ? { metrics: { prometheus: { bindAddress: env.WORKER_METRICS_ADDRESS } } } : {}),
    },
  });
}

async function main(env: Env, logger: Logger): Promise<void> {
  installRuntime(env, logger);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env), {
    logger: new PinoNestLogger(logger),
  });
  const { worker, connection } = await createPartnerflowWorker({
    env,
    activities: app.get<Activities>(ACTIVITIES),
  });
  const prisma = app.get<PrismaClient>(PRISMA);
  const health = env.WORKER_HEALTH_PORT
    ? await startWorkerHealthServer(
        { workerState: () => worker.getState(), databaseUp: () => prisma.$queryRaw`SELECT 1`.then(() => true) },
        env.WORKER_HEALTH_PORT,
      )
    : undefined;
  // The SDK installs SIGINT/SIGTERM handlers that call worker.shutdown(); run() resolves once
  // in-flight tasks are drained (shutdownGraceTime), then the rest is closed. /ready answers 503
  // while draining, so no orchestrator routes new work here meanwhile.
  logger.info({ taskQueue: env.TEMPORAL_TASK_QUEUE, namespace: env.TEMPORAL_NAMESPACE }, `worker polling task queue "${env.TEMPORAL_TASK_QUEUE}"`);
  void requestDomainEventCatchUp(connection, env);
  await worker.run();
  health?.server.close();
  await connection.close();
  await app.close();
}

function start(): void {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const logger = createWorkerLogger(env);
  main(env, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}

start();
