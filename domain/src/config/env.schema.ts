import { z } from 'zod';
import { bicProblem } from '../payouts/bank-files/bic';
import { ibanProblem } from '../payouts/bank-files/iban';
import { rateLimitSpec } from './rate-limit.schema';

/**
 * The one definition of the process environment shared by the api and the worker.
 * `.env.example` documents every variable; a test keeps the two (and docker-compose.yml) in step.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** One trusted proxy: an address, a CIDR range, or one of express's names for a group of ranges. */
const TRUSTED_PROXY = /^(?:loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(?:\/\d{1,3})?)$/;

/**
 * Which reverse proxies' X-Forwarded-For / X-Forwarded-Proto to believe: `false` (none: the
 * socket's peer is the visitor), a hop count, or a list for express's `trust proxy` setting.
 * `true` (trust every hop) is refused: any visitor could then choose the IP recorded for a click.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value) || false;
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every((entry) => TRUSTED_PROXY.test(entry))) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be false, a hop count (e.g. 1), or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal',
    });
    return z.NEVER;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // 0 asks the OS for any free port (tests).
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('partnerflow'),
  TEMPORAL_UI_URL: z.url().optional(),
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  SMTP_SECURE: booleanFlag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('Partnerflow <no-reply@partnerflow.local>'),
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  // Secret salt of the visitor IP hashes stored with clicks; unset = derived from DATABASE_URL.
  CLICK_IP_SALT: z.string().min(16, 'must be at least 16 characters').optional(),
  // Reverse proxies in front of the api whose forwarding headers are believed (the visitor's IP).
  TRUST_PROXY: trustProxy.default(false),
  // Worker only: liveness /health and readiness /ready on this port (0 or unset: no probe server).
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // Worker only: host:port where the Temporal SDK serves its own Prometheus metrics (unset: off).
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464')
    .optional(),
  // Worker only: open workflows kept in memory between their tasks (0 = none: every task replays the
  // history). Each holds its own copy of the workflow bundle's modules (~2.5 MB of RSS); one evicted
  // is replayed when it next wakes. The SDK's default, sized from the heap, is too many for ours.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(0)
    .refine((count) => count !== 1, 'must be 0 (no cache) or at least 2')
    .default(500),
  // Api only: the AES-256-GCM key of the TINs in tax profiles, the base64 of 32 random bytes.
  // Required in production; unset elsewhere = a fixed, public development key (never for real data).
  TAX_DATA_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be the base64 of 32 random bytes (openssl rand -base64 32)')
    .optional(),
  // Api and worker: let webhook endpoints point at loopback, private, link-local and other internal
  // addresses (refused by default: SSRF). For local receivers in development and tests only.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag.default(false),
  // Payout providers (worker). A provider without credentials refuses its payouts with a clear reason.
  STRIPE_API_KEY: z.string().min(1).optional(),
  STRIPE_API_BASE: z.url().default('https://api.stripe.com'),
  PAYPAL_CLIENT_ID: z.string().min(1).optional(),
  PAYPAL_CLIENT_SECRET: z.string().min(1).optional(),
  PAYPAL_API_BASE: z.url().default('https://api-m.paypal.com'),
  // The account bank-file payouts are paid from (api: the debtor of the SEPA credit transfer file).
  PAYOUT_DEBTOR_NAME: z.string().trim().min(1).max(70).optional(),
  PAYOUT_DEBTOR_IBAN: z
    .string()
    .refine((iban) => ibanProblem(iban) === undefined, { error: (issue) => ibanProblem(String(issue.input)) })
    .optional(),
  PAYOUT_DEBTOR_BIC: z
    .string()
    .refine((bic) => bicProblem(bic) === undefined, { error: (issue) => bicProblem(String(issue.input)) })
    .optional(),
  // Partner sign-in: where the emailed link points (the token is appended as ?token=), how long it
  // and a session live.
  PARTNER_SIGN_IN_URL: z.url().optional(),
  MAGIC_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  PARTNER_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(8760).default(168),
  // Rate limits of the public endpoints, per client IP and per key (`<requests>/<window>` or off).
  RATE_LIMIT_APPLICATIONS_PER_IP: rateLimitSpec.prefault('100/10m'),
  RATE_LIMIT_APPLICATIONS_PER_KEY: rateLimitSpec.prefault('5/1h'),
  RATE_LIMIT_MAGIC_LINK_PER_IP: rateLimitSpec.prefault('20/15m'),
  RATE_LIMIT_MAGIC_LINK_PER_KEY: rateLimitSpec.prefault('5/15m'),
  RATE_LIMIT_POSTBACKS_PER_IP: rateLimitSpec.prefault('2000/1s'),
  RATE_LIMIT_POSTBACKS_PER_KEY: rateLimitSpec.prefault('5000/1s'),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.name = 'InvalidEnvironmentError';
  }
}

/** Parses the environment once; the error names every offending variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

export const ENV_VARIABLES = Object.keys(envSchema.shape) as (keyof Env)[];
