import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client/client';

export * from './generated/client/client';

/**
 * The one way the application opens Prisma: the Prisma 7 query compiler over node-postgres,
 * which needs no native Prisma engine at run time.
 */
export function createPrismaClient(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: poolSize });
  return new PrismaClient({ adapter });
}

export { apiKeyDisplayPrefix, hashApiKey } from './api-key-hash';
export { fromStoredKind, toStoredKind } from './config-kind';
