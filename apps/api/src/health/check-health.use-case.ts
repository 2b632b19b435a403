import { Inject, Injectable } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { PrismaClient } from '@partnerflow/db';
import { MAIL_TRANSPORT, PRISMA, TEMPORAL_CONNECTION } from '../common/tokens';

export interface DependencyStatus {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { database: DependencyStatus; temporal: DependencyStatus; smtp: DependencyStatus };
}

const CHECK_TIMEOUT_MS = 3_000;

async function probe(check: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks every dependency the engine needs, in parallel, each with a timeout. */
@Injectable()
export class CheckHealthUseCase {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
    @Inject(MAIL_TRANSPORT) private readonly mail: Transporter,
  ) {}

  async execute(): Promise<HealthReport> {
    const [database, temporal, smtp] = await Promise.all([
      probe(() => this.prisma.$queryRaw`SELECT 1`),
      // The deadline ends the gRPC call itself (and its retries), not just our wait for it.
      probe(() =>
        this.temporal.withDeadline(Date.now() + CHECK_TIMEOUT_MS, async () => {
          await this.temporal.ensureConnected();
          await this.temporal.healthService.check({});
        }),
      ),
      probe(() => this.mail.verify()),
    ]);
    const allUp = [database, temporal, smtp].every((check) => check.status === 'up');
    return { status: allUp ? 'ok' : 'unavailable', checks: { database, temporal, smtp } };
  }
}
