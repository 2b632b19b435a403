import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { createActivities, createMailTransport, createPaymentProviders } from '@partnerflow/activities';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import type { Env } from '@partnerflow/domain';

export const ENV = Symbol('ENV');
export const PRISMA = Symbol('PRISMA');
export const ACTIVITIES = Symbol('ACTIVITIES');

/** The worker's dependency graph: activities built from injected services. No HTTP here. */
@Module({})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  /** The environment is parsed before Nest starts, so a bad variable fails with its name. */
  static register(env: Env): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: ENV, useValue: env },
        {
          provide: PRISMA,
          useFactory: () => createPrismaClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE),
        },
        {
          provide: ACTIVITIES,
          inject: [PRISMA],
          useFactory: (prisma: PrismaClient) =>
            createActivities({
              prisma,
              mailFrom: env.MAIL_FROM,
              mailer: createMailTransport(env),
              paymentProviders: createPaymentProviders(env),
              webhookAllowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
            }),
        },
      ],
      exports: [ENV, PRISMA, ACTIVITIES],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
  }
}
