import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { signInPartner } from '../support/partner-access';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

const NOTICE = 'New creative assets are available';

/**
 * Creatives through HTTP, the real api and worker, the Temporal dev server, PostgreSQL and SMTP:
 * publishing records `creative.published` with the change, and its notification rule brings the
 * program's working partners one inbox notice each; partners find the asset at /v1/me/creatives
 * until an operator deprecates it.
 */
describe('creatives (end to end)', () => {
  let stack: TestStack;
  const keys = { manager: '', viewer: '' };
  const http = apiClient(() => stack);
  const call = async (method: string, path: string, body?: unknown, key?: string) => {
    const response = await http(path, { method, ...(key ? { key } : {}), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await readJson(response)) as Json };
  };
  const notices = async (partnerId: string, title?: string): Promise<Json[]> =>
    ((await call('GET', `/v1/partners/${partnerId}/messages?limit=100`)).body.items as Json[]).filter(
      (message) => message.channel === 'inbox' && message.subject === NOTICE && (!title || message.bodyText.includes(title)),
    );
  const noticeArrives = (partnerId: string, title: string) =>
    eventually(`the creative notice "${title}" in ${partnerId}'s inbox`, async () => {
      const found = await notices(partnerId, title);
      return found.length > 0 ? found : undefined;
    });

  beforeAll(async () => {
    stack = await startTestStack('creatives');
    for (const role of ['manager', 'viewer'] as const) {
      const secret = `pf_test_${role}_${randomBytes(12).toString('base64url')}`;
      await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(secret), keyPrefix: apiKeyDisplayPrefix(secret) } });
      keys[role] = secret;
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses bad input field by field, and writes only for managers', async () => {
    const bad = await call('POST', '/v1/programs/demo/creatives', { title: ' ', kind: 'gif', url: 'http://cdn.example.com/banner.png' }, keys.manager);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: Json) => detail.path).sort()).toEqual(['kind', 'title', 'url']);
    expect(bad.body.error.details.find((detail: Json) => detail.path === 'url').message).toBe('must be an https URL (https://…)');
    const valid = { title: 'Spring banner', kind: 'banner', url: 'https://cdn.example.com/spring.png' };
    expect((await call('POST', '/v1/programs/demo/creatives', valid, keys.viewer)).status).toBe(403);
    expect((await call('POST', '/v1/programs/no-such-program/creatives', valid, keys.manager)).status).toBe(404);
    expect((await call('GET', '/v1/programs/demo/creatives?status=live', undefined, keys.viewer)).body.error.details).toEqual([expect.objectContaining({ path: 'status' })]);
    expect((await call('POST', '/v1/creatives/crv_unknown/publish', undefined, keys.manager)).status).toBe(404);
    expect((await call('POST', '/v1/creatives/crv_unknown/deprecate', {}, keys.manager)).status).toBe(404);
    expect(await stack.prisma.creative.count()).toBe(0);
  });

  it('notifies each working partner once on publishing, shows the asset to partners, and hides it once deprecated', async () => {
    const ada = await activePartner(http, 'ada@example.com');
    const ben = await activePartner(http, 'ben@example.com');
    const gone = await activePartner(http, 'gone@example.com');
    expect((await call('POST', `/v1/partners/${gone}/terminate`, { reason: 'left the business', category: 'other' }, keys.manager)).status).toBe(200);
    const { programId } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: ada } });
    // Still applying (its screening not done): outside the rule's segment.
    const applying = await stack.prisma.partner.create({
      data: { id: newId('partner'), programId, email: 'applying@example.com', name: 'Applying', country: 'DE', audienceSize: 10, type: 'content', workflowId: 'e2e-applying' },
    });
    const adaSession = await signInPartner(stack, http, 'ada@example.com');

    const draft = await call('POST', '/v1/programs/demo/creatives', { title: 'Spring banner', kind: 'banner', url: 'https://cdn.example.com/spring.png', description: '728×90' }, keys.manager);
    expect(draft).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^crv_/), programId, status: 'draft', publishedAt: null, deprecated: null, description: '728×90' } });
    const creativeId = draft.body.id;
    expect((await call('GET', '/v1/me/creatives', undefined, adaSession)).body.items).toEqual([]);
    expect(await stack.prisma.domainEvent.count({ where: { name: 'creative.published' } })).toBe(0);

    const published = await call('POST', `/v1/creatives/${creativeId}/publish`, undefined, keys.manager);
    expect(published).toMatchObject({ status: 200, body: { id: creativeId, status: 'published', publishedAt: expect.any(String) } });
    expect(await stack.prisma.domainEvent.findMany({ where: { name: 'creative.published' } })).toEqual([
      expect.objectContaining({
        programId, partnerId: null, subjectType: 'creative', subjectId: creativeId, idempotencyKey: `creative.published:${creativeId}`,
        data: { creativeId, title: 'Spring banner', url: 'https://cdn.example.com/spring.png', kind: 'banner' },
      }),
    ]);
    for (const partnerId of [ada, ben]) {
      const [notice] = await noticeArrives(partnerId, 'Spring banner');
      expect(notice.bodyText).toContain('New promotional material is ready for you: Spring banner https://cdn.example.com/spring.png');
    }

    const again = await call('POST', `/v1/creatives/${creativeId}/publish`, undefined, keys.manager);
    expect(again).toMatchObject({ status: 200, body: { status: 'published', publishedAt: published.body.publishedAt } });
    // A second creative, published at once: once its notices are in, anything the repeat caused would be too.
    const video = await call('POST', '/v1/programs/demo/creatives', { title: 'Product video', kind: 'video', url: 'https://cdn.example.com/tour.mp4', publish: true }, keys.manager);
    expect(video).toMatchObject({ status: 201, body: { status: 'published' } });
    for (const partnerId of [ada, ben]) await noticeArrives(partnerId, 'Product video');
    await eventually('every creative event dispatched', async () =>
      (await stack.prisma.domainEvent.count({ where: { name: 'creative.published', dispatchedAt: null } })) === 0 ? true : undefined,
    );
    expect(await stack.prisma.domainEvent.count({ where: { name: 'creative.published' } })).toBe(2);
    for (const partnerId of [ada, ben]) expect(await notices(partnerId, 'Spring banner')).toHaveLength(1);
    for (const partnerId of [gone, applying.id]) expect(await notices(partnerId)).toEqual([]);

    const mine = await call('GET', '/v1/me/creatives', undefined, adaSession);
    expect(mine.body.items.map((item: Json) => [item.title, item.kind, item.url])).toEqual([
      ['Product video', 'video', 'https://cdn.example.com/tour.mp4'],
      ['Spring banner', 'banner', 'https://cdn.example.com/spring.png'],
    ]);
    expect(mine.body.items[1]).toEqual({ id: creativeId, title: 'Spring banner', kind: 'banner', url: 'https://cdn.example.com/spring.png', description: '728×90', publishedAt: published.body.publishedAt });
    expect((await call('GET', '/v1/me/creatives')).status).toBe(401); // an operator key is not a partner session

    const deprecated = await call('POST', `/v1/creatives/${creativeId}/deprecate`, { reason: 'the spring sale is over' }, keys.manager);
    expect(deprecated).toMatchObject({ status: 200, body: { status: 'deprecated', deprecated: { at: expect.any(String), reason: 'the spring sale is over' } } });
    expect((await call('GET', '/v1/me/creatives', undefined, adaSession)).body.items.map((item: Json) => item.title)).toEqual(['Product video']);
    expect(await call('POST', `/v1/creatives/${creativeId}/deprecate`, { reason: 'again' }, keys.manager)).toMatchObject({ status: 200, body: { deprecated: deprecated.body.deprecated } });
    expect((await call('POST', `/v1/creatives/${creativeId}/publish`, undefined, keys.manager)).status).toBe(409);
    expect((await call('POST', `/v1/creatives/${creativeId}/deprecate`, { reason: 7 }, keys.manager)).body.error.details).toEqual([expect.objectContaining({ path: 'reason' })]);
    // The withdrawal is told to the same segment, by email too, once; a draft withdrawn tells no one.
    const withdrawn = 'Please stop using a creative: Spring banner';
    const mailed = (to: string) => stack.mail.messages.filter((m) => m.to.includes(to) && m.subject === withdrawn);
    for (const address of ['ada@example.com', 'ben@example.com']) {
      const email = await eventually(`the withdrawal email to ${address}`, async () => mailed(address)[0]);
      expect(email.text).toContain('The creative "Spring banner" (https://cdn.example.com/spring.png) has been withdrawn: the spring sale is over.');
    }

    const listed = await call('GET', '/v1/programs/demo/creatives?status=deprecated', undefined, keys.viewer);
    expect(listed.body).toEqual({ items: [deprecated.body], nextCursor: null });
    const audit = await stack.prisma.auditEntry.findMany({ where: { targetType: 'creative', targetId: creativeId }, orderBy: { at: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.actorType])).toEqual([
      ['creative.created', 'operator'],
      ['creative.published', 'operator'],
      ['creative.deprecated', 'operator'],
    ]);
    const unseen = await call('POST', '/v1/programs/demo/creatives', { title: 'Never shown', kind: 'copy', url: 'https://cdn.example.com/copy.txt' }, keys.manager);
    await call('POST', `/v1/creatives/${unseen.body.id}/deprecate`, {}, keys.manager);
    expect(await stack.prisma.domainEvent.findMany({ where: { name: 'creative.deprecated' }, select: { subjectId: true } })).toEqual([{ subjectId: creativeId }]);
    for (const address of ['ada@example.com', 'ben@example.com']) expect(mailed(address)).toHaveLength(1);
    expect(mailed('gone@example.com')).toEqual([]);
  }, 240_000);

  it('documents the routes in the OpenAPI description', async () => {
    const docs = await readJson(await http('/docs-json', { key: null }));
    expect(Object.keys(docs.paths['/v1/programs/{programId}/creatives']).sort()).toEqual(['get', 'post']);
    expect(docs.paths['/v1/creatives/{creativeId}/publish'].post).toBeDefined();
    expect(docs.paths['/v1/creatives/{creativeId}/deprecate'].post).toBeDefined();
    expect(docs.paths['/v1/me/creatives'].get).toBeDefined();
    expect(JSON.stringify(docs.components.schemas.CreateCreativeDto)).toContain('landing_page');
  });
});
