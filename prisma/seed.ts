import { newId, screeningConfigSchema } from '@partnerflow/domain';
import { apiKeyDisplayPrefix, createPrismaClient, hashApiKey, type PrismaClient } from './client';
import { DEMO_PROGRAM, DEMO_SCREENING_CONFIG } from './demo-program';

/**
 * Idempotent seed: the `demo` program with its screening config, and the admin API key given in
 * ADMIN_API_KEY (stored hashed). Running it again changes nothing.
 */
export async function seed(prisma: PrismaClient, adminApiKey: string): Promise<{ programId: string }> {
  const program =
    (await prisma.program.findUnique({ where: { slug: DEMO_PROGRAM.slug } })) ??
    (await prisma.program.create({ data: { id: newId('program'), ...DEMO_PROGRAM } }));

  const hasScreening = await prisma.configVersion.findFirst({
    where: { programId: program.id, kind: 'screening' },
  });
  if (!hasScreening) {
    await prisma.configVersion.create({
      data: {
        id: newId('config'),
        programId: program.id,
        kind: 'screening',
        version: 1,
        document: screeningConfigSchema.parse(DEMO_SCREENING_CONFIG),
        createdBy: 'seed',
      },
    });
  }

  await prisma.apiKey.upsert({
    where: { keyHash: hashApiKey(adminApiKey) },
    update: {},
    create: {
      id: newId('apiKey'),
      name: 'admin (seeded)',
      role: 'admin',
      keyHash: hashApiKey(adminApiKey),
      keyPrefix: apiKeyDisplayPrefix(adminApiKey),
    },
  });
  return { programId: program.id };
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const adminApiKey = process.env.ADMIN_API_KEY;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  if (!adminApiKey || adminApiKey.length < 16) {
    throw new Error('ADMIN_API_KEY is required (at least 16 characters)');
  }
  const prisma = createPrismaClient(databaseUrl, 2);
  try {
    const { programId } = await seed(prisma, adminApiKey);
    console.log(`seeded program "${DEMO_PROGRAM.slug}" (${programId}) and the admin API key`);
  } finally {
    await prisma.$disconnect();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
