import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { hashApiKey } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/**
 * Programs and their operator-configured, versioned workflow configs — through HTTP, the real api
 * and worker, the Temporal dev server and PostgreSQL.
 */
describe('programs and versioned configs (end to end)', () => {
  let stack: TestStack;
  let viewerKey: string;
  let adminKeyId: string;

  beforeAll(async () => {
    stack = await startTestStack('configs');
    viewerKey = `pf_viewer_${randomBytes(12).toString('base64url')}`;
    await stack.prisma.apiKey.create({
      data: { id: newId('apiKey'), name: 'viewer', role: 'viewer', keyHash: hashApiKey(viewerKey), keyPrefix: viewerKey.slice(0, 10) },
    });
    adminKeyId = (await stack.prisma.apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(stack.adminKey) } })).id;
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** `send('PUT', path, body)` as the admin unless `as` names another key (null: no key). */
  async function send(method: string, path: string, body?: unknown, as: string | null = stack.adminKey) {
    const response = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(as ? { authorization: `Bearer ${as}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await readJson(response)) as Json };
  }
  const createProgram = async (slug: string) => {
    const created = await send('POST', '/v1/programs', { slug, name: `Program ${slug}` });
    expect(created.status).toBe(201);
    return created.body as { id: string; slug: string };
  };
  const configsOf = (programId: string) => stack.prisma.configVersion.count({ where: { programId } });
  const nudgeDrip = (nudgeTemplate = 'onboarding.no_click_nudge') => ({
    steps: [
      { type: 'email', template: 'partner.welcome', afterDays: 0 },
      { type: 'wait_for', event: 'first_click', withinDays: 14, else: [{ type: 'email', template: nudgeTemplate, afterDays: 14 }] },
    ],
  });

  it('creates, lists and finds programs by id or slug; a taken slug is a 409', async () => {
    const program = await createProgram('acme');
    expect(program).toMatchObject({ id: expect.stringMatching(/^prg_/), slug: 'acme', name: 'Program acme' });
    expect((await send('GET', `/v1/programs/${program.id}`)).body).toEqual(program);
    expect((await send('GET', '/v1/programs/acme')).body).toEqual(program);
    expect((await send('GET', '/v1/programs/nope')).status).toBe(404);

    const duplicate = await send('POST', '/v1/programs', { slug: 'acme', name: 'Another' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'slug' }] });
    const invalid = await send('POST', '/v1/programs', { slug: 'no spaces!', name: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details.map((d: Json) => d.path)).toEqual(['slug', 'name']);

    const firstPage = await send('GET', '/v1/programs?limit=1');
    expect(firstPage.body.items.map((p: Json) => p.slug)).toEqual(['demo']);
    const secondPage = await send('GET', `/v1/programs?limit=1&cursor=${firstPage.body.nextCursor}`);
    expect(secondPage.body.items.map((p: Json) => p.slug)).toEqual(['acme']);

    const audit = await stack.prisma.auditEntry.findMany({ where: { targetId: program.id } });
    expect(audit).toEqual([expect.objectContaining({ action: 'program.created', actorType: 'operator', actorId: adminKeyId })]);
  });

  it('refuses an invalid config with the path of each problem inside the document, and stores nothing', async () => {
    const program = await createProgram('invalid-configs');
    const response = await send('PUT', `/v1/programs/${program.slug}/configs/onboarding`, {
      document: {
        steps: [
          { type: 'email', template: 'onboarding.missing', afterDays: 0 },
          { type: 'email', template: 'onboarding.webinar', afterDays: 7 },
          { type: 'email', template: 'onboarding.check_in', afterDays: -1 },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.map((d: Json) => d.path)).toEqual(['document.steps.0.template', 'document.steps.2.afterDays']);
    expect(response.body.error.details[0].message).toMatch(/not a known email template/);
    expect((await send('PUT', `/v1/programs/${program.slug}/configs/termination`, { document: 'yes' })).body.error.details).toEqual([
      { path: 'document', message: expect.any(String) },
    ]);

    expect(await configsOf(program.id)).toBe(0);
    expect((await send('GET', `/v1/programs/${program.slug}/configs/onboarding`)).status).toBe(404);
    expect((await send('GET', `/v1/programs/${program.slug}/configs/onboarding/versions`)).body).toEqual({ items: [], nextCursor: null });
  });

  it('stores each save as the next version, serves the newest, lists all newest first, and audits each', async () => {
    const program = await createProgram('versions');
    const first = await send('PUT', `/v1/programs/${program.id}/configs/onboarding`, { document: nudgeDrip() });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'onboarding', version: 1, applyTo: 'new', createdBy: adminKeyId, programId: program.id });
    expect(first.body.document.steps[0]).toEqual({ type: 'email', template: 'partner.welcome', afterDays: 0, when: 'always' });
    const second = await send('PUT', `/v1/programs/${program.id}/configs/onboarding`, { document: nudgeDrip('onboarding.check_in'), applyTo: 'running' });
    expect(second.body).toMatchObject({ version: 2, applyTo: 'running' });

    const current = await send('GET', `/v1/programs/${program.slug}/configs/onboarding`);
    expect(current.body).toEqual(second.body);
    const page1 = await send('GET', `/v1/programs/${program.slug}/configs/onboarding/versions?limit=1`);
    expect(page1.body.items.map((v: Json) => v.version)).toEqual([2]);
    const page2 = await send('GET', `/v1/programs/${program.slug}/configs/onboarding/versions?limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toEqual({ items: [first.body], nextCursor: null });

    const audit = await stack.prisma.auditEntry.findMany({ where: { action: 'config.version_created', targetId: { in: [first.body.id, second.body.id] } }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => [entry.actorType, entry.actorId, entry.targetType, entry.targetId, entry.after])).toEqual([
      ['operator', adminKeyId, 'config', first.body.id, { kind: 'onboarding', version: 1, applyTo: 'new' }],
      ['operator', adminKeyId, 'config', second.body.id, { kind: 'onboarding', version: 2, applyTo: 'running' }],
    ]);
  });

  it('numbers concurrent saves one after another instead of failing on a conflict', async () => {
    const program = await createProgram('concurrent');
    const document = { finalPayout: true, dataRetentionDays: 365 };
    const saves = await Promise.all(
      Array.from({ length: 6 }, () => send('PUT', `/v1/programs/${program.id}/configs/termination`, { document })),
    );
    expect(saves.map((save) => save.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(saves.map((save) => save.body.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await send('GET', `/v1/programs/${program.id}/configs/termination`)).body.version).toBe(6);
  });

  it('answers 400 for an unknown kind and an invalid document, 404 for an unknown program', async () => {
    const unknown = await send('PUT', '/v1/programs/demo/configs/bonuses', { document: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('kind');
    const invalidPayout = await send('PUT', '/v1/programs/demo/configs/payout', { document: { methods: { manual: { provider: 'cash', minimum: '1.00' } } } });
    expect(invalidPayout.status).toBe(400);
    expect(invalidPayout.body.error.details[0].path).toBe('document.methods.manual.provider');
    expect((await send('GET', '/v1/programs/demo/configs/payout')).body).toMatchObject({ version: 1, createdBy: 'seed' });
    expect((await send('PUT', '/v1/programs/nowhere/configs/termination', { document: { finalPayout: true, dataRetentionDays: 1 } })).status).toBe(404);
    // Kinds without a dry run say so (payout has one now: payout-dry-run.e2e).
    const noDryRun = await send('POST', '/v1/programs/demo/configs/termination/dry-run', {});
    expect(noDryRun.status).toBe(400);
    expect(noDryRun.body.error.details[0].path).toBe('kind');
  });

  it('ships the demo program with seed 002\'s onboarding drip and a re-engagement and termination policy', async () => {
    const onboarding = await send('GET', '/v1/programs/demo/configs/onboarding');
    expect(onboarding.body).toMatchObject({ version: 1, createdBy: 'seed' });
    // Its dated timeline is asserted by the onboarding dry run below.
    expect(onboarding.body.document.steps.map((s: Json) => s.template ?? s.event)).toEqual([
      'partner.welcome', 'onboarding.top_pages', 'onboarding.webinar', 'first_click', 'onboarding.case_studies', 'onboarding.check_in',
    ]);
    expect((await send('GET', '/v1/programs/demo/configs/reengagement')).body.document).toMatchObject({ inactivityDays: 30, outcome: 'at_risk' });
    expect((await send('GET', '/v1/programs/demo/configs/termination')).body.document).toMatchObject({ forfeitOnFraud: true });
  });

  it('dry-runs screening, for a synthetic applicant or a partner, with the current version or a draft, changing nothing', async () => {
    const before = await stack.prisma.auditEntry.count();
    const applicant = { name: 'Eve', email: 'eve@mailinator.com', country: 'de', website: 'https://eve.example.com', audienceSize: 10, partnerType: 'content' };
    const current = await send('POST', '/v1/programs/demo/configs/screening/dry-run', { partner: applicant });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ kind: 'screening', configVersion: 1, partnerId: null, screening: { decision: 'reject', summary: 'email domain mailinator.com is blocked' } });
    expect(current.body.screening.rules.map((r: Json) => [r.rule, r.passed])).toEqual([
      ['complete-application', true],
      ['no-disposable-email', false],
      ['sanctioned-countries', true],
    ]);

    const draft = { rules: [{ type: 'min_audience', min: 1000, outcome: 'review' }] };
    const drafted = await send('POST', '/v1/programs/demo/configs/screening/dry-run', { document: draft, partner: applicant });
    expect(drafted.body).toMatchObject({ configVersion: null, screening: { decision: 'review', summary: 'audience 10 is below 1000' } });
    const badDraft = await send('POST', '/v1/programs/demo/configs/screening/dry-run', { document: { rules: [{ type: 'vibes' }] }, partner: applicant });
    expect(badDraft.body.error.details.map((d: Json) => d.path)).toEqual(['document.rules.0.type']);
    expect((await send('POST', '/v1/programs/demo/configs/screening/dry-run', {})).status).toBe(400);
    expect((await send('POST', '/v1/programs/demo/configs/screening/dry-run', { partnerId: 'ptn_missing' })).status).toBe(404);

    expect(await stack.prisma.auditEntry.count()).toBe(before);
  });

  it('dry-runs onboarding from the partner\'s approval, showing both outcomes of the no-click wait', async () => {
    const applied = await send('POST', '/v1/programs/demo/applications', {
      name: 'Ada', email: 'ada.drip@example.com', country: 'GB', website: 'https://ada.example.com', audienceSize: 5000, partnerType: 'content',
    }, null);
    const { partnerId } = applied.body;
    await eventually('the partner to become ACTIVE', async () => ((await send('GET', `/v1/partners/${partnerId}`)).body.stage === 'ACTIVE' ? true : undefined));
    const approval = await stack.prisma.auditEntry.findFirstOrThrow({ where: { targetId: partnerId, action: 'partner.stage_changed' } });
    const approvedAt = approval.at.getTime();

    const run = await send('POST', '/v1/programs/demo/configs/onboarding/dry-run', { partnerId });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ kind: 'onboarding', configVersion: 1, partnerId, onboarding: { approvedAt: approval.at.toISOString(), approvedAtSource: 'approval' } });
    const entries: Json[] = run.body.onboarding.entries;
    const day = 24 * 60 * 60 * 1000;
    expect(entries.map((e) => [e.step, e.action, (Date.parse(e.at) - approvedAt) / day])).toEqual([
      ['steps.0', 'email', 0],
      ['steps.1', 'email', 2],
      ['steps.2', 'email', 7],
      ['steps.3', 'wait_for_deadline', 14],
      ['steps.3.else.0', 'email', 14],
      ['steps.4', 'email', 14],
      ['steps.5', 'email', 21],
    ]);
    expect(entries[4]).toMatchObject({ template: 'onboarding.no_click_nudge', onlyIf: { noEvent: 'first_click', by: entries[3].at } });
    expect(entries[4].summary).toMatch(/^if no first click by \d{4}-\d\d-\d\d \d\d:\d\d UTC: email onboarding.no_click_nudge on /);

    const synthetic = await send('POST', '/v1/programs/demo/configs/onboarding/dry-run', { document: nudgeDrip() });
    expect(synthetic.body).toMatchObject({ configVersion: null, partnerId: null, onboarding: { approvedAtSource: 'now' } });
    expect(Math.abs(Date.parse(synthetic.body.onboarding.approvedAt) - Date.now())).toBeLessThan(60_000);
    expect(synthetic.body.onboarding.entries).toHaveLength(3);
  });

  it('starts new applications on the current screening version', async () => {
    const program = await createProgram('screened');
    const screening = (min: number) => ({ document: { rules: [{ type: 'min_audience', min, outcome: 'review' }] } });
    expect((await send('PUT', `/v1/programs/${program.id}/configs/screening`, screening(1))).body.version).toBe(1);
    const v2 = await send('PUT', `/v1/programs/${program.id}/configs/screening`, screening(10));
    expect(v2.body.version).toBe(2);

    const applied = await send('POST', '/v1/programs/screened/applications', {
      name: 'Grace', email: 'grace@example.com', country: 'US', website: 'https://grace.example.com', audienceSize: 500, partnerType: 'content',
    }, null);
    expect(applied.status).toBe(201);
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    try {
      const description = await new Client({ connection, namespace: stack.env.TEMPORAL_NAMESPACE }).workflow.getHandle(applied.body.workflowId).describe();
      expect(description.memo).toMatchObject({ screeningConfigVersionId: v2.body.id, screeningConfigVersion: 2 });
    } finally {
      await connection.close();
    }
  });

  it('needs a key (401) and lets a viewer read but not change (403)', async () => {
    expect((await send('GET', '/v1/programs', undefined, null)).status).toBe(401);
    expect((await send('GET', '/v1/programs/demo/configs/onboarding', undefined, null)).status).toBe(401);
    expect((await send('GET', '/v1/programs/demo/configs/onboarding', undefined, viewerKey)).status).toBe(200);
    expect((await send('GET', '/v1/programs', undefined, viewerKey)).status).toBe(200);
    const put = await send('PUT', '/v1/programs/demo/configs/onboarding', { document: nudgeDrip() }, viewerKey);
    expect(put.status).toBe(403);
    expect(put.body.error.code).toBe('FORBIDDEN');
    expect((await send('POST', '/v1/programs', { slug: 'viewer-made', name: 'No' }, viewerKey)).status).toBe(403);
    expect((await send('GET', '/v1/programs/demo/configs/onboarding/versions')).body.items).toHaveLength(1);
  });

  it('documents the config endpoints and every configurable document schema', async () => {
    const docs = (await send('GET', '/docs-json', undefined, null)).body;
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/v1/programs', '/v1/programs/{programId}', '/v1/programs/{programId}/configs/{kind}', '/v1/programs/{programId}/configs/{kind}/versions', '/v1/programs/{programId}/configs/{kind}/dry-run']),
    );
    expect(docs.paths['/v1/programs/{programId}/configs/{kind}'].put.description).toMatch(/applyTo: "running"/);
    for (const name of ['ScreeningConfigDto', 'OnboardingConfigDto', 'ReengagementConfigDto', 'TerminationConfigDto', 'AttributionConfigDto', 'HoldConfigDto', 'CommissionPlanDto', 'PayoutPolicyDto']) {
      expect(docs.components.schemas[name]).toBeDefined();
    }
    expect(docs.components.schemas.TerminationConfigDto.properties.dataRetentionDays.description).toMatch(/personal data/);
  });
});
