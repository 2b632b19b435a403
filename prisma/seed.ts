import {
  CONFIG_DOCUMENT_SCHEMAS,
  DEFAULT_COMMISSION_PLAN,
  DEFAULT_HOLD_CONFIG,
  DEFAULT_ONBOARDING_CONFIG,
  DEFAULT_REENGAGEMENT_CONFIG,
  DEFAULT_TERMINATION_CONFIG,
  newId,
  type ConfigurableKind,
} from '@partnerflow/domain';
import { apiKeyDisplayPrefix, createPrismaClient, hashApiKey, toStoredKind, type PrismaClient } from './client';
import { DEMO_ATTRIBUTION_CONFIG, DEMO_PAYOUT_POLICY, DEMO_PROGRAM, DEMO_SCREENING_CONFIG } from './demo-program';

/** Version 1 of each of the demo program's configs (onboarding: seed 002's drip + seed 001's nudge). */
const DEMO_CONFIGS: Record<ConfigurableKind, unknown> = {
  screening: DEMO_SCREENING_CONFIG,
  onboarding: DEFAULT_ONBOARDING_CONFIG,
  reengagement: DEFAULT_REENGAGEMENT_CONFIG,
  termination: DEFAULT_TERMINATION_CONFIG,
  attribution: DEMO_ATTRIBUTION_CONFIG,
  hold: DEFAULT_HOLD_CONFIG,
  'commission-plan': DEFAULT_COMMISSION_PLAN,
  payout: DEMO_PAYOUT_POLICY,
};

/**
 * Idempotent seed: the `demo` program with version 1 of its screening, onboarding, re-engagement
 * and termination configs (a kind that has a version already is left alone), and the admin API
 * key given in ADMIN_API_KEY (stored hashed). Running it again changes nothing.
 */
export async function seed(prisma: PrismaClient, adminApiKey: string): Promise<{ programId: string }> {
  const program =
    (await prisma.program.findUnique({ where: { slug: DEMO_PROGRAM.slug } })) ??
    (await prisma.program.create({ data: { id: newId('program'), ...DEMO_PROGRAM } }));

  for (const [kind, document] of Object.entries(DEMO_CONFIGS) as [ConfigurableKind, unknown][]) {
    const storedKind = toStoredKind(kind);
    const hasVersion = await prisma.configVersion.findFirst({ where: { programId: program.id, kind: storedKind } });
    if (hasVersion) continue;
    await prisma.configVersion.create({
      data: {
        id: newId('config'),
        programId: program.id,
        kind: storedKind,
        version: 1,
        document: CONFIG_DOCUMENT_SCHEMAS[kind].parse(document),
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
