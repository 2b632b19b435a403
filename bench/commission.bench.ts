import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { commissionPlanSchema, computeCommissions, type CommissionInput, type CommissionPlan } from '@partnerflow/domain';

/**
 * The commission engine on three plans — a flat CPA, a 10% RevShare, and volume bands by the
 * period's sale count (tiered, retroactive) — over seeded sales: amounts from 0.01 to 2 000.00,
 * one in four in USD (converted at a snapshot rate), 0–60 earlier sales in the period. Measured
 * in the same run against a plain arithmetic loop over the same inputs: the bare bigint
 * arithmetic of each plan (the band lookup, the product, half-even rounding, the FX product),
 * with no validation, no precedence, no caps and no explanation — so the ratio shows what
 * explaining every cent costs. Run: `node -r ./bench/register.cjs bench/commission.bench.ts`.
 * Tunable: BENCH_SECONDS per plan (2), BENCH_WARMUP_SECONDS (0.5), BENCH_CONVERSIONS (5000), BENCH_SEED (1).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 0.5);
const CONVERSIONS = Number(process.env.BENCH_CONVERSIONS ?? 5000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const FX = { asOf: '2026-03-01T00:00:00Z', to: 'EUR', rates: { USD: '0.9234' } };
const USD_RATE = { numerator: 9234n, denominator: 10_000n };

/** mulberry32: a seeded generator, so every run measures the same conversions. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const PLANS: Record<string, CommissionPlan> = {
  flat: commissionPlanSchema.parse({ currency: 'EUR', rules: [{ id: 'sale-cpa', type: 'flat', events: ['sale'], amount: '25.00' }] }),
  percentage: commissionPlanSchema.parse({ currency: 'EUR', rules: [{ id: 'sale-revshare', type: 'percentage', events: ['sale'], rate: '10' }] }),
  tiered: commissionPlanSchema.parse({
    currency: 'EUR',
    rules: [
      {
        id: 'sale-volume',
        type: 'volume_bands',
        events: ['sale'],
        measure: 'count',
        mode: 'retroactive',
        bands: [{ from: 1, rate: '5' }, { from: 11, rate: '7.5' }, { from: 26, rate: '10' }],
      },
    ],
  }),
};

function seededSales(count: number, random: () => number): Omit<CommissionInput, 'plan'>[] {
  return Array.from({ length: count }, (_, index) => {
    const earlier = Math.floor(random() * 61);
    return {
      planVersion: 1,
      conversion: {
        id: `cnv_${index}`,
        type: 'sale',
        amountMinor: BigInt(1 + Math.floor(random() * 200_000)),
        currency: random() < 0.25 ? 'USD' : 'EUR',
        lines: [],
        occurredAt: new Date(Date.UTC(2026, 2, 1) + index * 60_000),
        customer: null,
      },
      partner: { id: `ptn_${index % 200}`, tier: null, overrides: {} },
      period: { byType: { sale: { count: earlier, revenueMinor: BigInt(earlier) * 10_000n } }, commissionMinor: 0n },
      upline: [],
      fx: FX,
    };
  });
}

const roundHalfEven = (numerator: bigint, denominator: bigint): bigint => {
  const quotient = numerator / denominator;
  const twice = (numerator % denominator) * 2n;
  return twice > denominator || (twice === denominator && quotient % 2n === 1n) ? quotient + 1n : quotient;
};
const toEur = (minor: bigint, currency: string | null) => (currency === 'USD' ? roundHalfEven(minor * USD_RATE.numerator, USD_RATE.denominator) : minor);
const BAND_PPM = [50_000n, 75_000n, 100_000n];

/** The plain arithmetic each plan needs, and nothing else. */
const BASELINES: Record<string, (sale: Omit<CommissionInput, 'plan'>) => bigint> = {
  flat: () => 2_500n,
  percentage: (sale) => toEur(roundHalfEven((sale.conversion.amountMinor ?? 0n) * 100_000n, 1_000_000n), sale.conversion.currency),
  tiered: (sale) => {
    const before = sale.period.byType.sale?.count ?? 0;
    const band = before + 1 >= 26 ? 2 : before + 1 >= 11 ? 1 : 0;
    const previous = before >= 26 ? 2 : before >= 11 ? 1 : 0;
    const own = toEur(roundHalfEven((sale.conversion.amountMinor ?? 0n) * BAND_PPM[band], 1_000_000n), sale.conversion.currency);
    const topUp = band > previous && before > 0 ? roundHalfEven((BAND_PPM[band] - BAND_PPM[previous]) * (sale.period.byType.sale?.revenueMinor ?? 0n), 1_000_000n) : 0n;
    return own + topUp;
  },
};

/** Runs `evaluate` over the sales round-robin for `seconds`; the sink keeps the work observable. */
function evaluationsPerSecond<T>(items: readonly T[], seconds: number, evaluate: (item: T) => bigint): number {
  let sink = 0n;
  let evaluations = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let now = started;
  while (now < deadline) {
    for (let batch = 0; batch < 256; batch++) {
      sink += evaluate(items[evaluations % items.length]);
      evaluations++;
    }
    now = performance.now();
  }
  if (sink === -1n) console.log('unreachable', sink);
  return evaluations / ((now - started) / 1000);
}

function measure<T>(items: readonly T[], evaluate: (item: T) => bigint): number {
  evaluationsPerSecond(items, WARMUP_SECONDS, evaluate);
  return evaluationsPerSecond(items, SECONDS, evaluate);
}

function main(): void {
  const sales = seededSales(CONVERSIONS, seededRandom(SEED));
  const evaluators = Object.entries(PLANS).map(([name, plan]) => ({
    name,
    engine: (sale: Omit<CommissionInput, 'plan'>) => computeCommissions({ ...sale, plan }).lines.reduce((sum, line) => sum + line.payoutAmountMinor, 0n),
    baseline: BASELINES[name],
  }));
  for (const { name, engine, baseline } of evaluators) {
    // The engine must agree with the arithmetic it is compared with, or the ratio means nothing.
    const mismatch = sales.find((sale) => engine(sale) !== baseline(sale));
    if (mismatch) throw new Error(`${name}: the engine and the baseline disagree on ${mismatch.conversion.id}`);
  }
  for (const { engine } of evaluators) evaluationsPerSecond(sales, WARMUP_SECONDS, engine);
  const results = evaluators.map(({ name, engine, baseline }) => ({ name, baseline: measure(sales, baseline), perSecond: measure(sales, engine) }));

  console.log(
    `\ncomputeCommissions() over ${CONVERSIONS} seeded sales (a quarter in USD), ${SECONDS} s per plan after ${WARMUP_SECONDS} s warm-up, ` +
      `one core of ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}\n`,
  );
  console.log('| plan | evaluations/s | µs / evaluation | plain arithmetic evaluations/s | engine / arithmetic |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { name, perSecond, baseline } of results) {
    console.log(
      `| ${name} | ${Math.round(perSecond)} | ${(1e6 / perSecond).toFixed(2)} | ${Math.round(baseline)} | ` +
        `${((100 * perSecond) / baseline).toFixed(2)}% (${(baseline / perSecond).toFixed(0)}× slower) |`,
    );
  }
}

main();
