import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { createMailTransport } from '@partnerflow/activities';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import type { Env } from '@partnerflow/domain';
import { BackgroundWork } from './background-work';
import { ENV, MAIL_TRANSPORT, PRISMA, TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './tokens';

/**
 * Infrastructure every domain module uses: env, Prisma, the Temporal client and the SMTP
 * transport (for health checks). The Temporal connection is lazy so the api starts, and reports
 * the outage on /health, while Temporal is down.
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    private readonly background: BackgroundWork,
  ) {}

  static register(env: Env): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: ENV, useValue: env },
        BackgroundWork,
        {
          provide: PRISMA,
          useFactory: () => createPrismaClient(env.DATABASE_URL, env.DATABASE_POOL_SIZE),
        },
        {
          provide: TEMPORAL_CONNECTION,
          useFactory: () => Connection.lazy({ address: env.TEMPORAL_ADDRESS }),
        },
        {
          provide: TEMPORAL_CLIENT,
          inject: [TEMPORAL_CONNECTION],
          useFactory: (connection: Connection) =>
            new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
        },
        {
          provide: MAIL_TRANSPORT,
          useFactory: () => createMailTransport(env),
        },
      ],
      exports: [BackgroundWork, ENV, PRISMA, TEMPORAL_CONNECTION, TEMPORAL_CLIENT, MAIL_TRANSPORT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.background.settle();
    await Promise.allSettled([this.prisma.$disconnect(), this.connection.close()]);
  }
}
