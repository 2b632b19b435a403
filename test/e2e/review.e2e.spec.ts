import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey, type OperatorRole } from '@partnerflow/db';
import { newId, screeningConfigSchema } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Human review through HTTP, the real api and worker, the Temporal dev server, PostgreSQL and an
 * SMTP server: the demo program gets a screening config v2 (written straight to the database)
 * whose rules send small audiences to review.
 */
describe('screening with human review (end to end)', () => {
  let stack: TestStack;
  const keys: Partial<Record<OperatorRole, { secret: string; id: string }>> = {};

  beforeAll(async () => {
    stack = await startTestStack('review');
    const program = await stack.prisma.program.findUniqueOrThrow({ where: { slug: 'demo' } });
    await stack.prisma.configVersion.create({
      data: {
        id: newId('config'),
        programId: program.id,
        kind: 'screening',
        version: 2,
        document: screeningConfigSchema.parse({
          rules: [
            { id: 'audience', type: 'min_audience', min: 1000, outcome: 'review' },
            { type: 'blocked_email_domains', domains: ['mailinator.com'], outcome: 'reject' },
          ],
          review: { reviewerEmails: ['reviewer@acme.test'], remindAfterHours: 24, escalateAfterHours: 48 },
          reapplyAfterDays: 30,
        }),
        createdBy: 'review-e2e',
      },
    });
    for (const role of ['manager', 'viewer'] as const) {
      const secret = `pf_test_${role}_${randomBytes(12).toString('base64url')}`;
      const key = await stack.prisma.apiKey.create({
        data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(secret), keyPrefix: apiKeyDisplayPrefix(secret) },
      });
      keys[role] = { secret, id: key.id };
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const manager = () => keys.manager?.secret ?? '';
  const apply = (email: string, audienceSize = 10) =>
    http('/v1/programs/demo/applications', {
      method: 'POST',
      key: null,
      body: JSON.stringify({ name: 'Ada Lovelace', email, country: 'GB', website: 'https://ada.example.com', audienceSize, partnerType: 'content' }),
    });
  const decide = (partnerId: string, body: Record<string, unknown>, key = manager()) =>
    http(`/v1/partners/${partnerId}/review`, { method: 'POST', key, body: JSON.stringify(body) });
  const openTaskOf = (partnerId: string) =>
    eventually(`the review task of ${partnerId}`, async () => {
      const page = await readJson(await http('/v1/tasks'));
      return page.items.find((task: Json) => task.partner.id === partnerId);
    });
  const stageOf = async (partnerId: string) => (await readJson(await http(`/v1/partners/${partnerId}`))).stage;
  const emailTo = (address: string, subject: string) =>
    eventually(`"${subject}" to ${address}`, async () =>
      stack.mail.messages.find((m) => m.to.includes(address) && m.subject === subject),
    );

  it('queues the application, emails the reviewer; approving activates the partner and welcomes them', async () => {
    const applied = await apply('ada@example.com');
    expect(applied.status).toBe(201);
    const { partnerId } = await readJson(applied);

    const task = await openTaskOf(partnerId);
    expect(task).toMatchObject({
      id: expect.stringMatching(/^tsk_/),
      kind: 'application_review',
      status: 'open',
      partner: { id: partnerId, name: 'Ada Lovelace', email: 'ada@example.com', stage: 'APPLIED', applicationNumber: 1 },
      program: { slug: 'demo', name: 'Demo Partner Program' },
      workflowId: `partner-${partnerId}-screening`,
      summary: 'audience 10 is below 1000',
      reasons: [{ rule: 'audience', type: 'min_audience', reason: 'audience 10 is below 1000', outcome: 'review' }],
      configVersion: 2,
      reminder: { sentAt: null },
      escalation: { sentAt: null },
      deadline: null,
      decision: null,
      decideWith: `POST /v1/partners/${partnerId}/review`,
    });
    const since = Date.parse(task.since);
    expect(Date.parse(task.reminder.dueAt) - since).toBe(24 * HOUR_MS);
    expect(Date.parse(task.escalation.dueAt) - since).toBe(48 * HOUR_MS);

    const notice = await emailTo('reviewer@acme.test', 'Application to review: Ada Lovelace (Demo Partner Program)');
    expect(notice.text).toContain('Why it is in review: audience 10 is below 1000.');
    expect(notice.text).toContain(`POST /v1/partners/${partnerId}/review`);
    await emailTo('ada@example.com', 'We received your application to the Demo Partner Program partner program');

    // Viewers may look at the queue, not decide.
    expect((await http('/v1/tasks', { key: keys.viewer?.secret })).status).toBe(200);
    const viewerDecides = await decide(partnerId, { decision: 'approve' }, keys.viewer?.secret);
    expect(viewerDecides.status).toBe(403);

    const approved = await decide(partnerId, { decision: 'approve', reason: 'great fit' });
    expect(approved.status).toBe(200);
    expect(await readJson(approved)).toMatchObject({
      decision: 'approve',
      reason: 'great fit',
      decidedBy: keys.manager?.id,
      settled: true,
      partner: { id: partnerId, stage: 'ACTIVE' },
    });
    await emailTo('ada@example.com', 'Welcome to the Demo Partner Program partner program');

    const open = await readJson(await http('/v1/tasks'));
    expect(open.items.map((t: Json) => t.partner.id)).not.toContain(partnerId);
    const done = await readJson(await http('/v1/tasks?status=done'));
    expect(done.items.find((t: Json) => t.partner.id === partnerId)).toMatchObject({
      status: 'done',
      decision: { decision: 'approve', reason: 'great fit', decidedBy: keys.manager?.id },
    });

    const audit = await stack.prisma.auditEntry.findMany({ where: { targetId: partnerId }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actorType, entry.actorId])).toEqual([
      ['partner.applied', 'public', 'ada@example.com'],
      ['partner.review_decided', 'operator', keys.manager?.id],
      ['partner.stage_changed', 'system', `partner-${partnerId}`],
    ]);

    const messages = await readJson(await http(`/v1/partners/${partnerId}/messages`));
    expect(messages.items.map((m: Json) => [m.template, m.recipient, m.recipientType])).toEqual([
      ['partner.under_review', 'ada@example.com', 'partner'],
      ['operator.review_requested', 'reviewer@acme.test', 'operator'],
      ['partner.welcome', 'ada@example.com', 'partner'],
    ]);

    // Decided already: a second decision changes nothing.
    const again = await decide(partnerId, { decision: 'reject', reason: 'changed my mind' });
    expect(again.status).toBe(409);
    expect((await readJson(again)).error.code).toBe('CONFLICT');
    expect(await stageOf(partnerId)).toBe('ACTIVE');
  });

  it('a rejection needs a reason; of two racing decisions exactly one wins', async () => {
    const { partnerId } = await readJson(await apply('grace@example.com'));
    await openTaskOf(partnerId);

    const noReason = await decide(partnerId, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    expect((await readJson(noReason)).error.details).toEqual([expect.objectContaining({ path: 'reason' })]);

    // Both may find the partner waiting; the workflow's update validator refuses the later one.
    const [rejected, approved] = await Promise.all([
      decide(partnerId, { decision: 'reject', reason: 'the site is off-topic' }),
      decide(partnerId, { decision: 'approve', reason: 'looks fine' }),
    ]);
    const winner = rejected.status === 200 ? rejected : approved;
    expect([rejected.status, approved.status].sort()).toEqual([200, 409]);
    const outcome = await readJson(winner);
    expect(outcome.partner.stage).toBe(outcome.decision === 'reject' ? 'REJECTED' : 'ACTIVE');
    expect(await stageOf(partnerId)).toBe(outcome.partner.stage);
    const audit = await stack.prisma.auditEntry.findMany({ where: { targetId: partnerId, action: 'partner.review_decided' } });
    expect(audit).toHaveLength(1);

    expect((await decide(partnerId, { decision: 'approve' })).status).toBe(409);
  });

  it('tells the applicant the reason of a rejection', async () => {
    const { partnerId } = await readJson(await apply('linus@example.com'));
    await openTaskOf(partnerId);
    const rejected = await decide(partnerId, { decision: 'reject', reason: 'the site is off-topic' });
    expect(rejected.status).toBe(200);
    expect((await readJson(rejected)).partner.stage).toBe('REJECTED');
    const email = await emailTo('linus@example.com', 'Your application to the Demo Partner Program partner program');
    expect(email.text).toContain('Reason: the site is off-topic.');
  });

  it('answers 409 for a partner the rules decided, and 404 for an unknown partner', async () => {
    const { partnerId } = await readJson(await apply('big@example.com', 50_000));
    await eventually('the partner to be approved by the rules', async () => ((await stageOf(partnerId)) === 'ACTIVE' ? true : undefined));
    const response = await decide(partnerId, { decision: 'approve' });
    expect(response.status).toBe(409);
    expect((await readJson(response)).error.message).toContain('not awaiting a review decision');

    expect((await decide('ptn_missing', { decision: 'approve' })).status).toBe(404);

    // An application whose screening has not started (its workflow never started) is not waiting either.
    const program = await stack.prisma.program.findUniqueOrThrow({ where: { slug: 'demo' } });
    await stack.prisma.partner.create({
      data: {
        id: 'ptn_unscreened', programId: program.id, email: 'unscreened@example.com', name: 'U', country: 'DE',
        website: 'https://u.example.com', audienceSize: 10, type: 'content', workflowId: 'partner-ptn_unscreened',
      },
    });
    const unscreened = await decide('ptn_unscreened', { decision: 'approve' });
    expect(unscreened.status).toBe(409);
    expect((await readJson(unscreened)).error.message).toContain('its screening is not running');
  });

  it('refuses a rejected applicant during the cool-off, saying until when, and accepts a new application after it', async () => {
    const { partnerId: firstId } = await readJson(await apply('again@example.com'));
    await openTaskOf(firstId);
    expect((await decide(firstId, { decision: 'reject', reason: 'too small for now' })).status).toBe(200);
    const rejectedAt = (await stack.prisma.partner.findUniqueOrThrow({ where: { id: firstId } })).stageChangedAt;

    const tooSoon = await apply('again@example.com', 5000);
    expect(tooSoon.status).toBe(409);
    const until = new Date(rejectedAt.getTime() + 30 * DAY_MS).toISOString();
    expect((await readJson(tooSoon)).error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`may apply to this program again from ${until}`),
      details: [{ path: 'email', message: `rejected; may apply again from ${until}` }],
    });

    // Thirty-one days later (as far as the rejection's date is concerned).
    await stack.prisma.partner.update({ where: { id: firstId }, data: { stageChangedAt: new Date(rejectedAt.getTime() - 31 * DAY_MS) } });
    const later = await apply('again@example.com');
    expect(later.status).toBe(201);
    const { partnerId: secondId, workflowId } = await readJson(later);
    expect(secondId).not.toBe(firstId);
    expect(workflowId).toBe(`partner-${secondId}`);

    // A new application with its own screening: back in the queue, the first one untouched.
    const task = await openTaskOf(secondId);
    expect(task.partner).toMatchObject({ email: 'again@example.com', applicationNumber: 2 });
    expect(await stageOf(firstId)).toBe('REJECTED');
    const audit = await stack.prisma.auditEntry.findFirstOrThrow({ where: { targetId: secondId, action: 'partner.reapplied' } });
    expect(audit.after).toMatchObject({ applicationNumber: 2, previousApplicationId: firstId });

    // While the new application is open, the email is a plain duplicate again.
    const duplicate = await apply('again@example.com');
    expect(duplicate.status).toBe(409);
    expect((await readJson(duplicate)).error.message).toBe('again@example.com has already applied to this program');
  });
});
