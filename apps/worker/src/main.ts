import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Activities } from '@partnerflow/activities';
import { parseEnv } from '@partnerflow/domain';
import { createPartnerflowWorker } from './create-worker';
import { ACTIVITIES, WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(env), {
    logger: ['error', 'warn'],
  });
  const { worker, connection } = await createPartnerflowWorker({
    env,
    activities: app.get<Activities>(ACTIVITIES),
  });
  // The SDK installs SIGINT/SIGTERM handlers that call worker.shutdown(); run() resolves once
  // in-flight tasks are drained, then the rest is closed.
  console.log(`worker polling task queue "${env.TEMPORAL_TASK_QUEUE}" on ${env.TEMPORAL_ADDRESS}`);
  await worker.run();
  await connection.close();
  await app.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
