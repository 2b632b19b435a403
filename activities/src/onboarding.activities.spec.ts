import { createPrismaClient, type ConfigApplyTo, type PrismaClient } from '@partnerflow/db';
import { newId, onboardingConfigSchema, type DripStep } from '@partnerflow/domain';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createOnboardingConfigActivities } from './onboarding-config.activities';
import { createOnboardingJournalActivities } from './onboarding-journal.activities';

const drip = (afterDays: number) => ({ steps: [{ type: 'email', template: 'onboarding.top_pages', afterDays }] });

/** Medium test: the drip's config choice and audit records against real PostgreSQL. */
describe('onboarding activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let config: ReturnType<typeof createOnboardingConfigActivities>;
  let journal: ReturnType<typeof createOnboardingJournalActivities>;

  beforeAll(async () => {
    db = await createTestDatabase('onboarding');
    prisma = createPrismaClient(db.url, 2);
    config = createOnboardingConfigActivities({ prisma });
    journal = createOnboardingJournalActivities({ prisma });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const newProgram = async () => (await prisma.program.create({ data: { id: newId('program'), slug: newId('program').toLowerCase(), name: 'Acme' } })).id;
  const saveVersion = (programId: string, kind: 'onboarding' | 'screening', version: number, document: object, applyTo: ConfigApplyTo = 'new') =>
    prisma.configVersion.create({ data: { id: newId('config'), programId, kind, version, document, applyTo, createdBy: 'test' } });

  it('pins the current version, or the built-in default when the program has none, and says which', async () => {
    const programId = await newProgram();
    const fallback = await config.loadOnboardingConfig({ programId });
    expect(fallback.config).toEqual({ label: 'default', versionId: null, version: null, source: 'default' });
    expect(fallback.reason).toBe(`program ${programId} has no onboarding config version: the built-in default drip runs`);
    expect(fallback.document.steps).toHaveLength(6);

    await saveVersion(programId, 'onboarding', 1, drip(1));
    const v2 = await saveVersion(programId, 'onboarding', 2, drip(2));
    expect(await config.loadOnboardingConfig({ programId })).toEqual({
      config: { label: 'v2', versionId: v2.id, version: 2, source: 'program' },
      document: onboardingConfigSchema.parse(drip(2)),
      reason: "the program's current onboarding config, version 2",
    });
  });

  it('offers running drips only the newest version saved with applyTo "running"', async () => {
    const programId = await newProgram();
    await saveVersion(programId, 'onboarding', 1, drip(1));
    expect(await config.findOnboardingConfigToAdopt({ programId, newerThan: 1 })).toBeNull();
    await saveVersion(programId, 'onboarding', 2, drip(2), 'running');
    await saveVersion(programId, 'onboarding', 3, drip(3), 'running');
    await saveVersion(programId, 'onboarding', 4, drip(4), 'new');
    expect(await config.findOnboardingConfigToAdopt({ programId, newerThan: 1 })).toMatchObject({
      config: { label: 'v3', version: 3 },
      reason: 'version 3 was saved with applyTo "running"',
    });
    expect(await config.findOnboardingConfigToAdopt({ programId, newerThan: null })).toMatchObject({ config: { version: 3 } });
    expect(await config.findOnboardingConfigToAdopt({ programId, newerThan: 3 })).toBeNull();
  });

  it("finds the managers in the current screening config's reviewer emails", async () => {
    const programId = await newProgram();
    expect((await config.loadOnboardingManagers({ programId })).recipients).toEqual([]);
    await saveVersion(programId, 'screening', 1, { rules: [], review: { reviewerEmails: ['lead@acme.test'] } });
    expect(await config.loadOnboardingManagers({ programId })).toEqual({
      recipients: ['lead@acme.test'],
      source: "review.reviewerEmails of the program's screening config, version 1",
    });
  });

  it('audits pinned versions and step outcomes once, however often a retry writes them', async () => {
    const workflowId = `partner-${newId('partner')}`;
    const step: DripStep = {
      id: 'v1:steps.0', config: 'v1', step: 'steps.0', action: 'email', template: 'partner.welcome', dueAt: '2026-03-01T09:00:00.000Z',
      summary: 'email partner.welcome', status: 'skipped', settledAt: '2026-03-01T09:00:01.000Z', reason: 'the lifecycle already sent partner.welcome at approval',
    };
    const progress = {
      workflowId,
      partnerId: 'ptn_1',
      entries: [
        { kind: 'config' as const, change: { config: { label: 'v1', versionId: 'cfg_1', version: 1, source: 'program' as const }, how: 'pinned' as const, at: '2026-03-01T09:00:00.000Z', reason: 'current' } },
        { kind: 'step' as const, step },
      ],
    };
    expect(await journal.recordOnboardingProgress(progress)).toEqual({ recorded: 2 });
    expect(await journal.recordOnboardingProgress(progress)).toEqual({ recorded: 0 });
    const rows = await prisma.auditEntry.findMany({ where: { targetId: workflowId }, orderBy: { action: 'asc' } });
    expect(rows.map((row) => [row.action, row.targetType, row.actorId, row.reason])).toEqual([
      ['onboarding.config_pinned', 'onboarding_drip', workflowId, 'current'],
      ['onboarding.step_skipped', 'onboarding_drip', workflowId, 'the lifecycle already sent partner.welcome at approval'],
    ]);
    expect(rows[1].after).toMatchObject({ partnerId: 'ptn_1', id: 'v1:steps.0', template: 'partner.welcome' });
  });
});
