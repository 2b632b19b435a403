import { parseEnv } from '@partnerflow/domain';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const app = await createApp(env);
  await app.listen(env.PORT, env.HOST);
  console.log(`api listening on http://${env.HOST}:${env.PORT} (docs at /docs)`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
