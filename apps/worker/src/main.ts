import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import type { Activities } from '@partnerflow/activities';
import type { PrismaClient } from '@partnerflow/db';
import { parseEnv, type Env } from '@partnerflow/domain';
import { createPartnerflowWorker } from './create-worker';
import { requestDomainEventCatchUp } from './domain-event-catch-up';
import { startWorkerHealthServer } from './worker-health';
import { ACTIVITIES, PRISMA, WorkerModule } from './worker.module';

/** The SDK's own metrics (slots, polls, task latencies) on a Prometheus endpoint; must precede any connection. */
function installRuntime(env: Env): void {
  if (!env.WORKER_METRICS_ADDRESS) return;
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: env.WORKER_METRICS_ADDRESS } } } });
}

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  installRuntime(env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env), {
    logger: ['error', 'warn'],
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
  console.log(`worker polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS}`);
  void requestDomainEventCatchUp(connection, env);
  await worker.run();
  health?.server.close();
  await connection.close();
  await app.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
