import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseEnv } from '@partnerflow/domain';
import { AppModule } from './app.module';
import { ReconcileLedgerUseCase } from './commissions/use-cases/reconcile-ledger.use-case';

/**
 * `npm run reconcile -- <program id or slug>`: the ledger reconciliation (GET
 * /v1/programs/:programId/reconciliation) from a shell, for cron-less checks in CI or by ops.
 * Prints the report as JSON; exits 1 when the ledger does not balance.
 */
async function main(): Promise<number> {
  const programRef = process.argv[2];
  if (!programRef) {
    console.error('usage: npm run reconcile -- <program id or slug>   (DATABASE_URL from the environment)');
    return 2;
  }
  const env = parseEnv(process.env);
  const app = await NestFactory.createApplicationContext(AppModule.register(env), { logger: ['error'] });
  try {
    const report = await app.get(ReconcileLedgerUseCase).execute(programRef);
    console.log(JSON.stringify(report, null, 2));
    return report.balanced ? 0 : 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
