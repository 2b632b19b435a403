import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createPrismaClient } from '@partnerflow/db';
import { REPORT_NAMES, REPORT_SPECS, type ReportGrouping } from '@partnerflow/domain';
import { ProgramsRepository } from '../apps/api/src/programs/programs.repository';
import { GetProgramUseCase } from '../apps/api/src/programs/use-cases/get-program.use-case';
import { ReportsRepository } from '../apps/api/src/reports/reports.repository';
import { ReportActivationUseCase } from '../apps/api/src/reports/use-cases/report-activation.use-case';
import { ReportActivePartnersUseCase } from '../apps/api/src/reports/use-cases/report-active-partners.use-case';
import { ReportCohortsUseCase } from '../apps/api/src/reports/use-cases/report-cohorts.use-case';
import { ReportConcentrationUseCase } from '../apps/api/src/reports/use-cases/report-concentration.use-case';
import { ReportConversionRateUseCase } from '../apps/api/src/reports/use-cases/report-conversion-rate.use-case';
import { ReportLtvCommissionUseCase } from '../apps/api/src/reports/use-cases/report-ltv-commission.use-case';
import { ReportOrderValueUseCase } from '../apps/api/src/reports/use-cases/report-order-value.use-case';
import { ReportPartnerRevenueUseCase } from '../apps/api/src/reports/use-cases/report-partner-revenue.use-case';
import { ReportPayoutLagUseCase } from '../apps/api/src/reports/use-cases/report-payout-lag.use-case';
import { ReportTimeToFirstReferralUseCase } from '../apps/api/src/reports/use-cases/report-time-to-first-referral.use-case';
import { ReportTouchComparisonUseCase } from '../apps/api/src/reports/use-cases/report-touch-comparison.use-case';
import { RunReportUseCase } from '../apps/api/src/reports/use-cases/run-report.use-case';
import { seedBusyProgram } from './reports-seed';
import { build, freePort, migrate, ROOT, startPostgres } from './lib/services';

/**
 * Every program report over a year of a busy program in a throw-away PostgreSQL (seeded by SQL:
 * BENCH_PARTNERS 2,000 partners, BENCH_CLICKS 500,000 clicks, BENCH_CONVERSIONS 200,000
 * conversions with shares, commissions, ledger entries and payouts), through the report use
 * cases without HTTP, for its default grouping, by day and by partner where supported. Baseline,
 * same run: one plain scan of the range's conversions (count and sum) — the least any report
 * reading them must do. Reported: the median of BENCH_RUNS (3) runs in ms, and its ratio to the baseline.
 * Run: `node -r ./bench/register.cjs bench/reports.bench.ts`.
 */

const SIZES = {
  partners: Number(process.env.BENCH_PARTNERS ?? 2_000),
  clicks: Number(process.env.BENCH_CLICKS ?? 500_000),
  conversions: Number(process.env.BENCH_CONVERSIONS ?? 200_000),
};
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function main(): Promise<void> {
  await build();
  const dataDir = path.join(ROOT, '.data', 'bench', `postgres-${process.pid}`);
  const postgres = await startPostgres({ dataDir, port: await freePort(), echo: false, ephemeral: true });
  try {
    await postgres.ensureDatabase('reports_bench');
    const databaseUrl = postgres.urlFor('reports_bench');
    await migrate(databaseUrl);
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    const start = new Date(Date.UTC(new Date().getUTCFullYear() - 1, new Date().getUTCMonth(), 1));
    const seeding = performance.now();
    const programId = await seedBusyProgram(pool, SIZES, start);
    console.log(`seeded ${SIZES.partners} partners, ${SIZES.clicks} clicks, ${SIZES.conversions} conversions in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const prisma = createPrismaClient(databaseUrl, 4);
    const reports = new ReportsRepository(prisma);
    const run = new RunReportUseCase(
      new GetProgramUseCase(new ProgramsRepository(prisma)), reports,
      new ReportPartnerRevenueUseCase(reports), new ReportActivePartnersUseCase(reports), new ReportActivationUseCase(reports),
      new ReportConversionRateUseCase(reports), new ReportOrderValueUseCase(reports), new ReportTimeToFirstReferralUseCase(reports),
      new ReportPayoutLagUseCase(reports), new ReportConcentrationUseCase(reports), new ReportLtvCommissionUseCase(reports),
      new ReportCohortsUseCase(reports), new ReportTouchComparisonUseCase(reports),
    );
    const range = { from: start.toISOString().slice(0, 10), to: new Date(start.getTime() + 366 * 86_400_000).toISOString().slice(0, 10) };
    const baseline = await median(() =>
      pool.query(`SELECT count(*), sum(amount_minor) FROM conversions WHERE program_id = $1 AND occurred_at >= $2 AND occurred_at < $3`, [programId, range.from, range.to]),
    );
    console.log(`\nbaseline (one scan of the range's conversions): ${baseline.toFixed(0)} ms\n`);
    console.log('| report | grouping | rows | ms (median) | × baseline |');
    console.log('| --- | --- | ---: | ---: | ---: |');
    for (const name of REPORT_NAMES) {
      const spec = REPORT_SPECS[name];
      const groupings = [...new Set<ReportGrouping>([spec.defaultGrouping, 'day', 'partner'])].filter((g) => spec.groupings.includes(g));
      for (const groupBy of groupings) {
        let rows = 0;
        const ms = await median(async () => {
          rows = (await run.execute(programId, name, { ...range, groupBy })).report.rows.length;
        });
        console.log(`| ${name} | ${groupBy} | ${rows} | ${ms.toFixed(0)} | ${(ms / baseline).toFixed(1)} |`);
      }
    }
    await prisma.$disconnect();
    await pool.end();
  } finally {
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
