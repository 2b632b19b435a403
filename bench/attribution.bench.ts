import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  attribute,
  ATTRIBUTION_MODELS,
  attributionConfigSchema,
  PARTNER_TYPES,
  type AttributionConfig,
  type AttributionModel,
  type Touch,
} from '@partnerflow/domain';

/**
 * The attribution engine, model by model, over realistic touch histories: 1–20 touches (mostly
 * few) across up to five partners, ages up to 45 days against a 30-day window, about one bot or
 * paused partner's click in eight, a coupon in one conversion in five. Measured in the same run
 * against a baseline that only picks the latest creditable click in the window over the same
 * inputs — the least any attribution must do — so the ratio shows what the explanations, the
 * models and the exact ppm split cost. Run: `node -r ./bench/register.cjs bench/attribution.bench.ts`.
 * Tunable: BENCH_SECONDS per model (2), BENCH_WARMUP_SECONDS (0.5), BENCH_HISTORIES (5000), BENCH_SEED (1).
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 0.5);
const HISTORIES = Number(process.env.BENCH_HISTORIES ?? 5000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const DAY = 86_400_000;
const WINDOW_DAYS = 30;

interface Conversion {
  conversionAt: Date;
  touches: Touch[];
}

/** mulberry32: a seeded generator, so every run measures the same histories. */
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

function realisticHistories(count: number, random: () => number): Conversion[] {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const partners = Array.from({ length: 200 }, (_, index) => ({ id: `ptn_${index}`, type: pick(PARTNER_TYPES) }));
  return Array.from({ length: count }, (_, conversionIndex) => {
    const conversionAt = new Date(Date.UTC(2026, 2, 1) + conversionIndex * 60_000);
    const involved = Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(partners));
    const clickCount = 1 + Math.floor(19 * random() ** 2);
    const touches: Touch[] = Array.from({ length: clickCount }, (_, index) => {
      const partner = pick(involved);
      const notCreditable = random() < 0.125;
      return {
        id: `clk_${conversionIndex}_${index}`,
        kind: 'click',
        partnerId: partner.id,
        partnerType: partner.type,
        at: new Date(conversionAt.getTime() - Math.floor(random() * 45 * DAY)),
        creditable: !notCreditable,
        ...(notCreditable ? { nonCreditableReason: random() < 0.7 ? 'bot click' : 'partner paused' } : {}),
      };
    });
    if (random() < 0.2) {
      const partner = pick(involved);
      touches.push({ id: `cpn_${conversionIndex}`, kind: 'coupon', partnerId: partner.id, partnerType: partner.type, at: conversionAt, creditable: true });
    }
    return { conversionAt, touches };
  });
}

/** The baseline: the latest creditable touch in the window, no explanation, no split. */
function latestTouch(conversion: Conversion): number {
  const conversionMs = conversion.conversionAt.getTime();
  let best = -1;
  let bestMs = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < conversion.touches.length; index++) {
    const touch = conversion.touches[index];
    const ms = touch.at.getTime();
    if (touch.creditable && ms <= conversionMs && conversionMs - ms <= WINDOW_DAYS * DAY && ms > bestMs) {
      best = index;
      bestMs = ms;
    }
  }
  return best;
}

/** Runs `evaluate` over the histories round-robin for `seconds`; the sink keeps the work observable. */
function evaluationsPerSecond(conversions: readonly Conversion[], seconds: number, evaluate: (conversion: Conversion) => number): number {
  let sink = 0;
  let evaluations = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let now = started;
  while (now < deadline) {
    for (let batch = 0; batch < 256; batch++) {
      sink += evaluate(conversions[evaluations % conversions.length]);
      evaluations++;
    }
    now = performance.now();
  }
  if (sink === Number.MIN_SAFE_INTEGER) console.log('unreachable', sink);
  return evaluations / ((now - started) / 1000);
}

function measure(conversions: readonly Conversion[], evaluate: (conversion: Conversion) => number): number {
  evaluationsPerSecond(conversions, WARMUP_SECONDS, evaluate);
  return evaluationsPerSecond(conversions, SECONDS, evaluate);
}

function configFor(model: AttributionModel): AttributionConfig {
  return attributionConfigSchema.parse({ model, windowDays: WINDOW_DAYS, hybrid: { weightsByPartnerType: { coupon: 0.5, influencer: 2 } } });
}

function main(): void {
  const conversions = realisticHistories(HISTORIES, seededRandom(SEED));
  const touchCount = conversions.reduce((sum, conversion) => sum + conversion.touches.length, 0);
  const evaluators = ATTRIBUTION_MODELS.map((model) => {
    const config = configFor(model);
    return { model, evaluate: (conversion: Conversion) => attribute({ config, ...conversion }).shares.length };
  });
  // Every model once before any is measured, so the first one measured does not pay for the shared code's warm-up.
  for (const { evaluate } of evaluators) evaluationsPerSecond(conversions, WARMUP_SECONDS, evaluate);
  const results = evaluators.map(({ model, evaluate }) => {
    // Baseline next to each model, so both see the same machine state.
    const baseline = measure(conversions, latestTouch);
    return { name: model, perSecond: measure(conversions, evaluate), baseline };
  });

  console.log(
    `\nattribute() over ${HISTORIES} seeded histories (${(touchCount / HISTORIES).toFixed(1)} touches on average, ` +
      `${WINDOW_DAYS}-day window, couponPrecedence: coupon), ${SECONDS} s per model after ${WARMUP_SECONDS} s warm-up, ` +
      `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}\n`,
  );
  console.log('| model | evaluations/s | µs / evaluation | baseline evaluations/s | model / baseline |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { name, perSecond, baseline } of results) {
    console.log(
      `| ${name} | ${Math.round(perSecond)} | ${(1e6 / perSecond).toFixed(2)} | ${Math.round(baseline)} | ` +
        `${((100 * perSecond) / baseline).toFixed(2)}% (${(baseline / perSecond).toFixed(0)}× slower) |`,
    );
  }
}

main();
