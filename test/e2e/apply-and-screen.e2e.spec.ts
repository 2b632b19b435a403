import { apiClient, readJson } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

/**
 * A partner applies to the demo program and is screened — through HTTP, the real api and worker,
 * the Temporal dev server, PostgreSQL and an SMTP server.
 */
describe('apply → screen → welcome email (end to end)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('apply');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const apply = (body: Record<string, unknown>, program = 'demo') =>
    http(`/v1/programs/${program}/applications`, { method: 'POST', body: JSON.stringify(body), key: null });
  const application = (email: string) => ({
    name: 'Ada Lovelace',
    email,
    country: 'gb',
    website: 'https://ada.example.com',
    audienceSize: 12000,
    partnerType: 'content',
  });
  const partnerCount = () => stack.prisma.partner.count();

  it('screens a complete application, activates the partner, sends and records the welcome email, and shows the run', async () => {
    const response = await apply(application('ada@example.com'));
    expect(response.status).toBe(201);
    const { partnerId, workflowId } = await readJson(response);
    expect(partnerId).toMatch(/^ptn_/);
    expect(workflowId).toBe(`partner-${partnerId}`);

    const partner = await eventually('the partner to become ACTIVE', async () => {
      const body = await readJson(await http(`/v1/partners/${partnerId}`));
      return body.stage === 'ACTIVE' ? body : undefined;
    });
    expect(partner).toMatchObject({ email: 'ada@example.com', country: 'GB', locale: null, partnerType: 'content', programId: expect.stringMatching(/^prg_/) });

    const email = await eventually('the welcome email', async () =>
      stack.mail.messages.find((m) => m.to.includes('ada@example.com')),
    );
    expect(email.subject).toBe('Welcome to the Demo Partner Program partner program');
    expect(email.text).toContain('Hi Ada Lovelace');

    const messages = await eventually('the message to be recorded as sent', async () => {
      const body = await readJson(await http(`/v1/partners/${partnerId}/messages`));
      return body.items?.[0]?.status === 'sent' ? body.items : undefined;
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      channel: 'email',
      recipient: 'ada@example.com',
      template: 'partner.welcome',
      subject: email.subject,
      smtpMessageId: email.messageId,
      workflowId,
      step: 'welcome-email',
    });

    const workflows = await eventually('both workflows in visibility', async () => {
      const body = await readJson(await http(`/v1/partners/${partnerId}/workflows`));
      return body.items?.length === 2 ? body.items : undefined;
    });
    expect(workflows.map((w: { workflowId: string; kind: string }) => [w.workflowId, w.kind])).toEqual(
      expect.arrayContaining([
        [workflowId, 'partner-lifecycle'],
        [`partner-${partnerId}-screening`, 'screening'],
      ]),
    );

    const history = await readJson(await http(`/v1/workflows/${workflowId}/history`));
    const summaries: string[] = history.events.map((e: { summary: string }) => e.summary);
    expect(summaries[0]).toBe('workflow partnerLifecycleWorkflow started');
    expect(summaries).toEqual(
      expect.arrayContaining([
        `child workflow partner-${partnerId}-screening completed`,
        'activity recordStageChange completed',
        'activity sendPartnerEmail completed',
        'search attributes set: {"Stage":"ACTIVE"}',
      ]),
    );
    expect(history.temporalUiUrl).toContain(encodeURIComponent(workflowId));

    const audit = await stack.prisma.auditEntry.findMany({ where: { targetId: partnerId }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => entry.action)).toEqual(['partner.applied', 'partner.stage_changed']);
  });

  it('rejects a disposable email address with the reason and tells the applicant', async () => {
    const { partnerId } = await readJson(await apply(application('temp@mailinator.com')));
    await eventually('the partner to be REJECTED', async () => {
      const body = await readJson(await http(`/v1/partners/${partnerId}`));
      return body.stage === 'REJECTED' ? body : undefined;
    });
    const email = await eventually('the rejection email', async () =>
      stack.mail.messages.find((m) => m.to.includes('temp@mailinator.com')),
    );
    expect(email.text).toContain('Reason: email domain mailinator.com is blocked.');
  });

  it('answers 400 with field-level details for an invalid body and writes nothing', async () => {
    const before = await partnerCount();
    const response = await apply({ name: '', email: 'not-an-email', country: 'Germany', locale: 'German', audienceSize: -1, partnerType: 'spammer' });
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'email', 'country', 'locale', 'audienceSize', 'partnerType']));
    expect(await partnerCount()).toBe(before);
  });

  it('keeps the language the applicant gives, which picks the template of their notices', async () => {
    const response = await apply({ ...application('bruna@example.com'), locale: 'pt-BR' });
    expect(response.status).toBe(201);
    const { partnerId } = await readJson(response);
    expect(await readJson(await http(`/v1/partners/${partnerId}`))).toMatchObject({ locale: 'pt-BR' });
  });

  it('answers 409 when the same email applies to the program again, and starts no second workflow', async () => {
    const first = await apply(application('twice@example.com'));
    expect(first.status).toBe(201);
    const before = await partnerCount();
    const second = await apply({ ...application('TWICE@example.com'), name: 'Someone Else' });
    expect(second.status).toBe(409);
    expect((await readJson(second)).error).toMatchObject({ code: 'CONFLICT', details: [{ path: 'email' }] });
    expect(await partnerCount()).toBe(before);
  });

  it('completes an application whose first request died before starting the workflow, exactly once', async () => {
    // The state a crash between storing the application and starting its workflow leaves behind.
    const program = await stack.prisma.program.findUniqueOrThrow({ where: { slug: 'demo' } });
    const stranded = await stack.prisma.partner.create({
      data: {
        id: 'ptn_stranded', programId: program.id, email: 'stranded@example.com', name: 'Stranded',
        country: 'DE', website: 'https://stranded.example.com', audienceSize: 10, type: 'content',
        workflowId: 'partner-ptn_stranded',
      },
    });

    const retry = await apply(application('stranded@example.com'));
    expect(retry.status).toBe(201);
    expect(await readJson(retry)).toEqual({ partnerId: stranded.id, workflowId: stranded.workflowId });
    await eventually('the stranded partner to be screened', async () => {
      const body = await readJson(await http(`/v1/partners/${stranded.id}`));
      return body.stage === 'ACTIVE' ? body : undefined;
    });

    // Once its workflow has started, the same email is a duplicate again.
    expect((await apply(application('stranded@example.com'))).status).toBe(409);
  });

  it('answers 404 for an unknown program', async () => {
    const response = await apply(application('lost@example.com'), 'no-such-program');
    expect(response.status).toBe(404);
    expect((await readJson(response)).error.code).toBe('NOT_FOUND');
  });

  it('requires an operator key on operator endpoints: none or a wrong one → 401', async () => {
    const { partnerId } = await readJson(await apply(application('keys@example.com')));
    expect((await http(`/v1/partners/${partnerId}`, { key: null })).status).toBe(401);
    const wrong = await http(`/v1/partners/${partnerId}/messages`, { key: 'pf_not_a_key' });
    expect(wrong.status).toBe(401);
    expect((await readJson(wrong)).error.code).toBe('UNAUTHENTICATED');
    expect((await http(`/v1/partners/${partnerId}`)).status).toBe(200);
    expect((await http('/v1/partners/ptn_missing')).status).toBe(404);
  });

  it('reports every dependency up on /health without a key, and serves the OpenAPI document', async () => {
    const health = await http('/health', { key: null });
    expect(health.status).toBe(200);
    expect(await readJson(health)).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, temporal: { status: 'up' }, smtp: { status: 'up' } },
    });
    const docs = await readJson(await http('/docs-json', { key: null }));
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining(['/v1/programs/{programId}/applications', '/v1/partners/{partnerId}/workflows', '/v1/workflows/{workflowId}/history']),
    );
    const requestBody = docs.paths['/v1/programs/{programId}/applications'].post.requestBody;
    expect(requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/PartnerApplicationDto');
    expect(docs.components.schemas.PartnerApplicationDto.required).toEqual(
      expect.arrayContaining(['name', 'email', 'country', 'audienceSize', 'partnerType']),
    );
  });
});
