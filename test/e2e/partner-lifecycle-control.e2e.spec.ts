import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey } from '@partnerflow/db';
import { newId, parseEnv } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, linkFor } from '../support/tracking';

/**
 * Pause, resume and terminate through HTTP, the real api and worker, the Temporal dev server,
 * PostgreSQL and an SMTP server: an operator pauses an active partner, resumes them, then
 * terminates them for fraud under a termination policy that keeps no data (retention 0 days).
 * The partner's timeline tells each step, paginated.
 */
describe('partner pause, resume and termination (end to end)', () => {
  let stack: TestStack;
  let manager: { secret: string; id: string };

  beforeAll(async () => {
    stack = await startTestStack('lifecycle-control');
    const secret = `pf_test_manager_${randomBytes(12).toString('base64url')}`;
    const key = await stack.prisma.apiKey.create({
      data: { id: newId('apiKey'), name: 'manager', role: 'manager', keyHash: hashApiKey(secret), keyPrefix: apiKeyDisplayPrefix(secret) },
    });
    manager = { secret, id: key.id };
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const post = async (path: string, body: unknown) => {
    const response = await http(path, { method: 'POST', key: manager.secret, body: JSON.stringify(body) });
    return { status: response.status, body: await readJson(response) };
  };
  /** A pending commission of 45.00 EUR, as the hold workflow records one: the row and its ledger entry. */
  async function pendingCommission(partnerId: string) {
    const partner = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
    const id = newId('commission');
    const owner = { programId: partner.programId, partnerId };
    await stack.prisma.commission.create({
      data: {
        id, ...owner, conversionId: newId('conversion'), ruleId: 'sale-revshare', kind: 'percentage', amountMinor: 4500n, currency: 'EUR',
        originalAmountMinor: 4500n, originalCurrency: 'EUR', explanation: {}, holdUntil: new Date(Date.now() + 30 * 86_400_000),
      },
    });
    await stack.prisma.ledgerEntry.create({
      data: { id: newId('ledgerEntry'), ...owner, commissionId: id, kind: 'commission_created', account: 'pending', amountMinor: 4500n, currency: 'EUR', idempotencyKey: `e2e:${id}` },
    });
    return id;
  }

  it('pauses, resumes and terminates for fraud; the timeline tells each step', async () => {
    const put = await http('/v1/programs/demo/configs/termination', { method: 'PUT', body: JSON.stringify({ document: { finalPayout: true, dataRetentionDays: 0 } }) });
    expect(put.status).toBe(201);

    const partnerId = await activePartner(http, 'tracy@example.com');
    await eventually('the welcome email', async () => stack.mail.messages.find((m) => m.to.includes('tracy@example.com')));
    await linkFor(http, partnerId);
    const commissionId = await pendingCommission(partnerId);

    const paused = await post(`/v1/partners/${partnerId}/pause`, { reason: 'checking traffic quality' });
    expect(paused).toMatchObject({
      status: 200,
      body: { transition: { from: 'ACTIVE', to: 'PAUSED', reason: 'checking traffic quality', by: manager.id }, partner: { id: partnerId, stage: 'PAUSED' } },
    });
    expect(await post(`/v1/partners/${partnerId}/pause`, { reason: 'again' })).toMatchObject({
      status: 409,
      body: { error: { code: 'CONFLICT', message: `partner ${partnerId}: the partner is already paused` } },
    });
    // (resume needs no body)
    const resumeResponse = await http(`/v1/partners/${partnerId}/resume`, { method: 'POST', key: manager.secret });
    const resumed = { status: resumeResponse.status, body: await readJson(resumeResponse) };
    expect(resumed).toMatchObject({ status: 200, body: { transition: { from: 'PAUSED', to: 'ACTIVE', reason: 'resumed by an operator' }, partner: { stage: 'ACTIVE' } } });

    expect((await post(`/v1/partners/${partnerId}/terminate`, { reason: 'stolen cookies', category: 'bored' })).status).toBe(400);
    const terminated = await post(`/v1/partners/${partnerId}/terminate`, { reason: 'stolen cookies', category: 'fraud' });
    expect(terminated).toMatchObject({
      status: 200,
      body: {
        termination: { category: 'fraud', reason: 'stolen cookies', requestedBy: manager.id, windDownWorkflowId: `partner-${partnerId}-termination` },
        settled: true,
        partner: { stage: 'TERMINATED' },
      },
    });

    const statement = await eventually('the final statement', async () =>
      stack.mail.messages.find((m) => m.to.includes('tracy@example.com') && m.subject === 'Your final statement from the Demo Partner Program partner program'),
    );
    expect(statement.text).toContain('Your balance: no commissions were earned.');
    expect(statement.text).toContain('Your 1 unpaid commission(s) were forfeited, as the partnership ended for fraud: stolen cookies.');
    expect(await stack.prisma.commission.findUniqueOrThrow({ where: { id: commissionId } })).toMatchObject({ status: 'rejected' });
    expect(await stack.prisma.ledgerEntry.findUniqueOrThrow({ where: { idempotencyKey: `commission-rejected:${commissionId}` } })).toMatchObject({
      account: 'pending', amountMinor: -4500n, explanation: expect.objectContaining({ reason: 'stolen cookies', category: 'fraud' }),
    });

    const anonymised = await eventually('the partner to be anonymised', async () => {
      const body = await readJson(await http(`/v1/partners/${partnerId}`));
      return body.name === 'Anonymised partner' ? body : undefined;
    });
    expect(anonymised).toMatchObject({ stage: 'TERMINATED', email: `anonymised+${partnerId}@anonymised.invalid`, website: null });
    expect((await post(`/v1/partners/${partnerId}/terminate`, { reason: 'again', category: 'fraud' })).status).toBe(409);
    expect((await post('/v1/partners/ptn_unknown/pause', { reason: 'x' })).status).toBe(404);

    const timeline = await readJson(await http(`/v1/partners/${partnerId}/timeline?limit=200`));
    // (the drip's and the engagement watch's entries run beside the operator's steps, in no fixed order)
    const story = timeline.items.filter((entry: Json) => !/^(onboarding|reengagement)\./.test(entry.type)).map((entry: Json) => entry.summary);
    expect(story).toEqual([
      'Applied to the program as a content partner',
      'Stage APPLIED → ACTIVE: all screening rules passed',
      'Email "Welcome to the Demo Partner Program partner program" sent',
      expect.stringMatching(/^Tracking link \/r\/\w+ created for https:\/\/example.com\/ \(by key_/),
      `Stage ACTIVE → PAUSED (by ${manager.id}): checking traffic quality`,
      `Stage PAUSED → ACTIVE (by ${manager.id}): resumed by an operator`,
      expect.stringMatching(new RegExp(`^Termination \\(fraud\\) scheduled to take effect .+ \\(by ${manager.id}\\): stolen cookies$`)),
      `Stage ACTIVE → TERMINATED (by ${manager.id}): fraud: stolen cookies`,
      '1 unpaid commission(s) forfeited (45.00 EUR): stolen cookies',
      'Email "Your final statement from the Demo Partner Program partner program" sent',
      'Personal data anonymised after the 0-day retention period (ids and ledger kept)',
    ]);
    expect(timeline.items.some((entry: Json) => entry.type === 'onboarding.config_pinned')).toBe(true);
    expect(timeline.items.find((entry: Json) => entry.type === 'reengagement.config_pinned')?.summary).toBe(
      "Engagement policy v1 in force (re-engagement, stages, tiers): the program's current reengagement config, version 1",
    );

    // Page by page, the same story.
    const paged: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await readJson(await http(`/v1/partners/${partnerId}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((entry) => entry.id)).toEqual(timeline.items.map((entry: Json) => entry.id));
  });

  it('answers 503 when Temporal is unreachable, and changes nothing', async () => {
    const partnerId = await activePartner(http, 'tom@example.com');
    const offline = await createApp(parseEnv({ NODE_ENV: 'test', DATABASE_URL: stack.env.DATABASE_URL, TEMPORAL_ADDRESS: '127.0.0.1:1', SMTP_PORT: '1', PORT: '0' }));
    try {
      await offline.listen(0, '127.0.0.1');
      const { port } = offline.getHttpServer().address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/v1/partners/${partnerId}/pause`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${manager.secret}` },
        body: JSON.stringify({ reason: 'checking' }),
      });
      expect(response.status).toBe(503);
      expect((await readJson(response)).error.code).toBe('DEPENDENCY_UNAVAILABLE');
    } finally {
      await offline.close();
    }
    expect((await readJson(await http(`/v1/partners/${partnerId}`))).stage).toBe('ACTIVE');
  }, 60_000);
});
