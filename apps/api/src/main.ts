import { Logger } from '@nestjs/common';
import { parseEnv } from '@partnerflow/domain';
import { createApp } from './app.factory';

// Once createApp has run, Nest's Logger writes the api's JSON lines (common/logging).
const logger = new Logger('Main');

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const app = await createApp(env);
  await app.listen(env.PORT, env.HOST);
  // (no address in the line: log masking takes it for a client's IP)
  logger.log(`api listening on port ${env.PORT} (docs at /docs)`);
}

main().catch((error) => {
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
