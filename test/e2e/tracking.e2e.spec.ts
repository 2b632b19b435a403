import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { hashApiKey } from '@partnerflow/db';
import { newId, type PartnerStage } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { REDIRECT_CACHE_TTL_MS } from '../../apps/api/src/tracking/use-cases/follow-link.use-case';
import { readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const CLICK_ID = /^clk_[0-9a-z]{26}$/;

/**
 * Partner links and the click redirect — through HTTP, against the real api, worker, Temporal and
 * PostgreSQL: a partner applies to the demo program and is screened to ACTIVE before it gets links.
 */
describe('tracking links and clicks (end to end)', () => {
  let stack: TestStack;
  let partnerId: string;

  const http = (path: string, init: RequestInit & { key?: string | null; baseUrl?: string } = {}) => {
    const key = init.key === undefined ? stack.adminKey : init.key;
    return fetch(`${init.baseUrl ?? stack.baseUrl}${path}`, {
      redirect: 'manual',
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...init.headers,
      },
    });
  };
  const createLink = (forPartner: string, body: Record<string, unknown>, key?: string) =>
    http(`/v1/partners/${forPartner}/links`, { method: 'POST', body: JSON.stringify(body), key });
  const follow = (slug: string, init: { query?: string; headers?: Record<string, string>; baseUrl?: string } = {}) =>
    http(`/r/${slug}${init.query ?? ''}`, { key: null, baseUrl: init.baseUrl, headers: { 'user-agent': BROWSER, ...init.headers } });
  const clickIdOf = (response: Response) => new URL(response.headers.get('location') ?? '').searchParams.get('pf_click') ?? '';
  const storedClick = (id: string) =>
    eventually(`click ${id} to be stored`, async () => (await stack.prisma.click.findUnique({ where: { id } })) ?? undefined);
  const setStage = (id: string, stage: PartnerStage) => stack.prisma.partner.update({ where: { id }, data: { stage } });

  /** A partner through the real application and screening. */
  async function activePartner(email: string): Promise<string> {
    const response = await http('/v1/programs/demo/applications', {
      method: 'POST',
      key: null,
      body: JSON.stringify({ name: 'Tracy', email, country: 'DE', website: 'https://tracy.example.com', audienceSize: 900, partnerType: 'content' }),
    });
    expect(response.status).toBe(201);
    const { partnerId: id } = await readJson(response);
    await eventually(`${email} to become ACTIVE`, async () => {
      const body = await readJson(await http(`/v1/partners/${id}`));
      return body.stage === 'ACTIVE' ? body : undefined;
    });
    return id;
  }

  async function linkFor(forPartner: string, body: Record<string, unknown> = { destination: 'https://example.com/' }): Promise<Json> {
    const response = await createLink(forPartner, body);
    expect(response.status).toBe(201);
    return readJson(response);
  }

  beforeAll(async () => {
    stack = await startTestStack('tracking');
    partnerId = await activePartner('tracy@example.com');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('creates a link for an active partner and lists it', async () => {
    const response = await createLink(partnerId, {
      destination: 'https://shop.example.com/shoes?color=red',
      campaign: 'spring',
      subIds: { sub1: 'newsletter', sub2: 'banner-a' },
    });
    expect(response.status).toBe(201);
    const link = await readJson(response);
    expect(link).toEqual({
      linkId: expect.stringMatching(/^lnk_/),
      slug: expect.stringMatching(/^[0-9A-Za-z]{8}$/),
      url: `${stack.baseUrl}/r/${link.slug}`,
      destination: 'https://shop.example.com/shoes?color=red',
    });

    const page = await readJson(await http(`/v1/partners/${partnerId}/links?limit=50`));
    expect(page.items).toContainEqual({
      id: link.linkId,
      slug: link.slug,
      url: link.url,
      partnerId,
      programId: expect.stringMatching(/^prg_/),
      destination: link.destination,
      campaign: 'spring',
      subIds: { sub1: 'newsletter', sub2: 'banner-a', sub3: null, sub4: null, sub5: null },
      createdAt: expect.any(String),
    });
    const audit = await stack.prisma.auditEntry.findMany({ where: { targetId: link.linkId } });
    expect(audit.map((entry) => [entry.action, entry.actorType])).toEqual([['link.created', 'operator']]);
  });

  it('creates one link per Idempotency-Key: a repeat answers 200 with it, the key reused for another link is 409', async () => {
    const body = { destination: 'https://shop.example.com/boots', campaign: 'autumn' };
    const send = (payload: Record<string, unknown>, key: string, path = `/v1/partners/${partnerId}/links`) =>
      http(path, { method: 'POST', body: JSON.stringify(payload), headers: { 'idempotency-key': key } });
    const before = await stack.prisma.link.count({ where: { partnerId } });
    const [first, concurrent] = await Promise.all([send(body, 'boots-1'), send(body, 'boots-1')]);
    const created = await readJson(first);
    expect([first.status, concurrent.status].sort()).toEqual([200, 201]);
    expect(await readJson(concurrent)).toEqual(created);
    const repeat = await send(body, 'boots-1');
    expect(repeat.status).toBe(200);
    expect(await readJson(repeat)).toEqual(created);
    const reused = await send({ ...body, campaign: 'winter' }, 'boots-1');
    expect(reused.status).toBe(409);
    expect((await readJson(reused)).error.details).toEqual([{ path: 'Idempotency-Key', message: expect.stringContaining(created.linkId) }]);
    expect((await send(body, 'x'.repeat(201))).status).toBe(400);
    expect(await stack.prisma.link.count({ where: { partnerId } })).toBe(before + 1);
    // Another key is another link.
    expect((await send(body, 'boots-2')).status).toBe(201);
  });

  it('refuses destinations outside the allowed domains (422) and invalid bodies (400), writing nothing', async () => {
    const before = await stack.prisma.link.count();
    const outside = await createLink(partnerId, { destination: 'https://example.com.evil.io/' });
    expect(outside.status).toBe(422);
    expect((await readJson(outside)).error).toMatchObject({ code: 'RULE_VIOLATION', details: [{ path: 'destination' }] });

    const invalid = await createLink(partnerId, { destination: 'javascript:alert(1)', subIds: { sub9: 'x' }, extra: true });
    expect(invalid.status).toBe(400);
    const body = await readJson(invalid);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((detail: { path: string }) => detail.path)).toEqual(expect.arrayContaining(['destination', 'subIds']));
    expect(await stack.prisma.link.count()).toBe(before);
  });

  it('tells the operator to configure allowed domains when the program has none', async () => {
    const program = await stack.prisma.program.create({ data: { id: newId('program'), slug: 'no-domains', name: 'No Domains' } });
    const partner = await stack.prisma.partner.create({
      data: {
        id: newId('partner'), programId: program.id, email: 'x@example.com', name: 'X', country: 'DE', audienceSize: 1,
        type: 'content', stage: 'ACTIVE', workflowId: 'partner-none',
      },
    });
    const response = await createLink(partner.id, { destination: 'https://example.com/' });
    expect(response.status).toBe(422);
    expect((await readJson(response)).error.message).toMatch(/set allowedDomains in its attribution config/);
  });

  it('gives links to partners in good standing only, and lets only admins and managers create them', async () => {
    const paused = await activePartner('paused-before-link@example.com');
    await setStage(paused, 'PAUSED');
    const refused = await createLink(paused, { destination: 'https://example.com/' });
    expect(refused.status).toBe(422);
    expect((await readJson(refused)).error.message).toMatch(/is PAUSED/);
    expect((await createLink('ptn_missing', { destination: 'https://example.com/' })).status).toBe(404);

    const viewerKey = `pf_test_viewer_${randomBytes(8).toString('hex')}`;
    await stack.prisma.apiKey.create({
      data: { id: newId('apiKey'), name: 'viewer', role: 'viewer', keyHash: hashApiKey(viewerKey), keyPrefix: viewerKey.slice(0, 10) },
    });
    expect((await createLink(partnerId, { destination: 'https://example.com/' }, viewerKey)).status).toBe(403);
    expect((await http(`/v1/partners/${partnerId}/links`, { key: viewerKey })).status).toBe(200);
    expect((await http(`/v1/partners/${partnerId}/links`, { key: null })).status).toBe(401);
  });

  it('redirects with the click id appended and a cookie for the window, and stores the click with a hashed IP', async () => {
    const link = await linkFor(partnerId, { destination: 'https://example.com/p?q=a+b&x=%20y#reviews', subIds: { sub1: 'default-1', sub2: 'default-2' } });
    const response = await follow(link.slug, {
      query: '?sub1=from-query&sub5=five',
      headers: { referer: 'https://blog.example.org/post', 'cf-ipcountry': 'nl' },
    });
    expect(response.status).toBe(302);
    const location = response.headers.get('location') ?? '';
    const clickId = clickIdOf(response);
    expect(clickId).toMatch(CLICK_ID);
    expect(location).toBe(`https://example.com/p?q=a+b&x=%20y&pf_click=${clickId}#reviews`);
    const [clickCookie, visitorCookie] = response.headers.getSetCookie();
    expect(clickCookie).toBe(`pf_click=${clickId}; Max-Age=${30 * 86_400}; Path=/; HttpOnly; SameSite=Lax`);
    expect(visitorCookie).toMatch(new RegExp(`^pf_click_v=vis_[0-9a-z]{26}; Max-Age=${30 * 86_400}; Path=/; HttpOnly; SameSite=Lax$`));
    expect(response.headers.get('cache-control')).toBe('no-store');

    const click = await storedClick(clickId);
    expect(click).toMatchObject({
      linkId: link.linkId,
      partnerId,
      userAgent: BROWSER,
      referrer: 'https://blog.example.org/post',
      country: 'NL',
      sub1: 'from-query',
      sub2: 'default-2',
      sub3: null,
      sub5: 'five',
      isBot: false,
      creditable: true,
      visitorId: visitorCookie.slice('pf_click_v='.length, visitorCookie.indexOf(';')),
    });
    expect(click.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(click.ipHash).not.toContain('127.0.0.1');
    const again = await storedClick(clickIdOf(await follow(link.slug)));
    expect(again.ipHash).toBe(click.ipHash);
    expect(again.country).toBeNull();
  });

  it('stores sub ids as sent, NUL left out, without failing the batch of clicks around them', async () => {
    const link = await linkFor(partnerId);
    const before = Date.now();
    // Sent together, so they can share one INSERT.
    const [odd, plain] = await Promise.all([
      follow(link.slug, { query: `?sub1=%00&sub2=a%00b&sub3=${encodeURIComponent('café ☕ "q" \\ <x>')}` }),
      follow(link.slug, { query: '?sub1=plain' }),
    ]);
    expect([odd.status, plain.status]).toEqual([302, 302]);
    const click = await storedClick(clickIdOf(odd));
    expect(click).toMatchObject({ sub1: null, sub2: 'ab', sub3: 'café ☕ "q" \\ <x>' });
    expect(click.at.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(click.at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await storedClick(clickIdOf(plain))).toMatchObject({ sub1: 'plain' });
  });

  it('records bots as bots and never credits them', async () => {
    const link = await linkFor(partnerId);
    for (const userAgent of ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'curl/8.5.0']) {
      const response = await follow(link.slug, { headers: { 'user-agent': userAgent } });
      expect(response.status).toBe(302);
      expect(await storedClick(clickIdOf(response))).toMatchObject({ isBot: true, creditable: false, userAgent });
    }
  });

  it("still redirects paused and terminated partners' links, without credit", async () => {
    const partner = await activePartner('paused-later@example.com');
    const link = await linkFor(partner);
    const credited = await follow(link.slug);
    expect((await storedClick(clickIdOf(credited))).creditable).toBe(true);

    // The link is cached now: the pause takes effect within the cache's TTL.
    await setStage(partner, 'PAUSED');
    const deadline = Date.now() + REDIRECT_CACHE_TTL_MS + 3_000;
    let paused: Response;
    do {
      paused = await follow(link.slug);
      expect(paused.status).toBe(302);
    } while ((await storedClick(clickIdOf(paused))).creditable && Date.now() < deadline && (await sleep(250)));
    expect((await storedClick(clickIdOf(paused))).creditable).toBe(false);

    const terminated = await activePartner('terminated@example.com');
    const terminatedLink = await linkFor(terminated);
    await setStage(terminated, 'TERMINATED');
    const response = await follow(terminatedLink.slug);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toContain('pf_click=clk_');
    expect((await storedClick(clickIdOf(response))).creditable).toBe(false);
  });

  it('answers 404 for an unknown or malformed slug', async () => {
    for (const slug of ['Zz9Zz9Zz', 'no.such-slug']) {
      const response = await follow(slug);
      expect(response.status).toBe(404);
      expect((await readJson(response)).error.code).toBe('NOT_FOUND');
    }
  });

  it('has stored every answered click when the api has closed, with clicks still arriving', async () => {
    const link = await linkFor(partnerId);
    const app: NestExpressApplication = await createApp(stack.env);
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    // Warm the link cache, so the burst below reaches the click recorder at once.
    expect((await follow(link.slug, { baseUrl })).status).toBe(302);
    const before = await stack.prisma.click.count({ where: { linkId: link.linkId } });

    let answeredSoFar = 0;
    const burst = Array.from({ length: 300 }, () =>
      follow(link.slug, { baseUrl }).then(
        (response) => {
          answeredSoFar += 1;
          return clickIdOf(response);
        },
        () => null,
      ),
    );
    // Close mid-burst: some redirects answered, others in flight, the rest refused.
    while (answeredSoFar < 30) await sleep(2);
    await app.close();
    const answered = (await Promise.all(burst)).filter((id): id is string => Boolean(id));

    expect(answered.length).toBeGreaterThanOrEqual(30);
    const stored = await stack.prisma.click.findMany({ where: { linkId: link.linkId }, select: { id: true } });
    expect(stored).toHaveLength(before + answered.length);
    expect(stored.map((click) => click.id)).toEqual(expect.arrayContaining(answered));
  });
});

async function sleep(ms: number): Promise<true> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return true;
}
