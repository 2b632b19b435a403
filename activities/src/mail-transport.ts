import nodemailer, { type Transporter } from 'nodemailer';
import type { Env } from '@partnerflow/domain';

type MailEnv = Pick<Env, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASSWORD'>;

/** The SMTP transport from the env module: the worker sends with it, the api health-checks it. */
export function createMailTransport(env: MailEnv): Transporter {
  return nodemailer.createTransport({
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE,
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : undefined,
    // Fail fast when the relay is unreachable: the activity retries, /health reports it.
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
  });
}
