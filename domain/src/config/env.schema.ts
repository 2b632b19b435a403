import { z } from 'zod';

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
