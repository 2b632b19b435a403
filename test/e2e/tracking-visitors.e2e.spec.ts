import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { VisitorIpHasher } from '../../apps/api/src/tracking/visitor-ip-hasher';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, linkFor } from '../support/tracking';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const VISITOR_COOKIE = /^pf_click_v=(vis_[0-9a-z]{26}); Max-Age=2592000; Path=\/; HttpOnly; SameSite=Lax$/;

/**
 * The redirect's visitor cookie, the first-click signal to the partner's lifecycle workflow,
 * TRUST_PROXY, and the fast path in front of Nest agreeing with the Nest route — against the real
 * api, worker, Temporal and PostgreSQL.
 */
describe('tracking: visitors, first clicks, proxies (end to end)', () => {
  let stack: TestStack;
  let partnerId: string;
  let slug: string;
  const api = apiClient(() => stack);
  const extraApps = new Set<NestExpressApplication>();

  const follow = (path: string, init: { headers?: Record<string, string>; baseUrl?: string; method?: string } = {}) =>
    fetch(`${init.baseUrl ?? stack.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { 'user-agent': BROWSER, ...init.headers },
    });
  const clickIdOf = (response: Response) => new URL(response.headers.get('location') ?? '').searchParams.get('pf_click') ?? '';
  const visitorIdOf = (response: Response) => VISITOR_COOKIE.exec(response.headers.getSetCookie()[1] ?? '')?.[1];
  const storedClick = (id: string) =>
    eventually(`click ${id} to be stored`, async () => (await stack.prisma.click.findUnique({ where: { id } })) ?? undefined);

  /** Another api process on the same database and Temporal, with some settings changed; closed after the suite. */
  async function apiWith(overrides: Partial<Env>): Promise<{ app: NestExpressApplication; baseUrl: string }> {
    const app: NestExpressApplication = await createApp({ ...stack.env, ...overrides });
    extraApps.add(app);
    await app.listen(0, '127.0.0.1');
    return { app, baseUrl: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
  }

  beforeAll(async () => {
    stack = await startTestStack('tracking-visitors');
    partnerId = await activePartner(api, 'vera@example.com');
    slug = (await linkFor(api, partnerId)).slug;
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...extraApps].map((app) => app.close()));
    await stack?.stop();
  });

  it('gives a browser a visitor id, keeps it across clicks and replaces one it did not issue', async () => {
    const first = await follow(`/r/${slug}`);
    expect(first.status).toBe(302);
    const visitorId = visitorIdOf(first);
    expect(visitorId).toBeDefined();

    const again = await follow(`/r/${slug}`, { headers: { cookie: `pf_click=${clickIdOf(first)}; pf_click_v=${visitorId}` } });
    expect(visitorIdOf(again)).toBe(visitorId);
    const forged = await follow(`/r/${slug}`, { headers: { cookie: 'pf_click_v=vis_someone-elses' } });
    expect(visitorIdOf(forged)).not.toBe(visitorId);

    expect((await storedClick(clickIdOf(first))).visitorId).toBe(visitorId);
    expect((await storedClick(clickIdOf(again))).visitorId).toBe(visitorId);
    expect((await storedClick(clickIdOf(forged))).visitorId).toBe(visitorIdOf(forged));
  });

  it("signals the partner's lifecycle workflow once its first creditable click is stored, and records when", async () => {
    const newcomer = await activePartner(api, 'nina@example.com');
    const link = await linkFor(api, newcomer);
    const bot = await follow(`/r/${link.slug}`, { headers: { 'user-agent': 'curl/8.5.0' } });
    await storedClick(clickIdOf(bot));
    const firstClickId = clickIdOf(await follow(`/r/${link.slug}`));
    const firstClick = await storedClick(firstClickId);

    const partner = await eventually('first_click_at to be set', async () => {
      const row = await stack.prisma.partner.findUnique({ where: { id: newcomer } });
      return row?.firstClickAt ? row : undefined;
    });
    expect(partner.firstClickAt).toEqual(firstClick.at);
    await follow(`/r/${link.slug}`);

    const signals = await eventually('the signal in the workflow history', async () => {
      const history = await readJson(await api(`/v1/workflows/partner-${newcomer}/history`));
      const found = history.events.filter((event: Json) => event.details?.signal === 'partnerActivity');
      return found.length > 0 ? found : undefined;
    });
    expect(signals.map((event: Json) => event.details.input[0])).toEqual([
      { event: 'first_click', at: firstClick.at.toISOString(), sourceId: firstClickId },
    ]);
  });

  it('redirects at full speed while Temporal is unreachable, and signals with a later click once it is back', async () => {
    const latecomer = await activePartner(api, 'leo@example.com');
    const link = await linkFor(api, latecomer);
    const withoutTemporal = await apiWith({ TEMPORAL_ADDRESS: '127.0.0.1:1' });
    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: 20 }, () => follow(`/r/${link.slug}`, { baseUrl: withoutTemporal.baseUrl })));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(302));
    expect(Date.now() - started).toBeLessThan(5_000);
    await Promise.all(responses.map((response) => storedClick(clickIdOf(response))));
    // Its signal is still failing (or has failed): a clean stop waits for it, and nothing was recorded.
    extraApps.delete(withoutTemporal.app);
    await withoutTemporal.app.close();
    expect((await stack.prisma.partner.findUniqueOrThrow({ where: { id: latecomer } })).firstClickAt).toBeNull();

    const laterClickId = clickIdOf(await follow(`/r/${link.slug}`));
    const partner = await eventually('first_click_at to be set by the healthy api', async () => {
      const row = await stack.prisma.partner.findUnique({ where: { id: latecomer } });
      return row?.firstClickAt ? row : undefined;
    });
    expect(partner.firstClickAt).toEqual((await storedClick(laterClickId)).at);
  });

  it("records the visitor's address from X-Forwarded-For only when TRUST_PROXY trusts the proxy", async () => {
    const hasher = new VisitorIpHasher(stack.env);
    const forwarded = { 'x-forwarded-for': '198.51.100.7' };
    const direct = await storedClick(clickIdOf(await follow(`/r/${slug}`, { headers: forwarded })));
    expect(direct.ipHash).toBe(hasher.hash('127.0.0.1'));

    const { baseUrl: behindProxy } = await apiWith({ TRUST_PROXY: ['loopback'] });
    const fastPath = await follow(`/r/${slug}`, { headers: forwarded, baseUrl: behindProxy });
    // An encoded slug is left to express and answered by the Nest controller: both read the address alike.
    const nestPath = await follow(`/r/${slug.slice(0, -1)}%${slug.charCodeAt(slug.length - 1).toString(16)}`, { headers: forwarded, baseUrl: behindProxy });
    for (const response of [fastPath, nestPath]) {
      expect(response.status).toBe(302);
      expect((await storedClick(clickIdOf(response))).ipHash).toBe(hasher.hash('198.51.100.7'));
    }
  });

  it("flags clicks from the program's listed IP ranges (attribution config fraud.listedIpRanges)", async () => {
    const current = await readJson(await api('/v1/programs/demo/configs/attribution'));
    const saved = await api('/v1/programs/demo/configs/attribution', {
      method: 'PUT',
      body: JSON.stringify({ document: { ...current.document, fraud: { listedIpRanges: ['198.51.100.0/24'] } } }),
    });
    expect(saved.status).toBe(201);
    // A new api: its link cache has not seen the old config.
    const { baseUrl } = await apiWith({ TRUST_PROXY: ['loopback'] });
    const fromRange = await follow(`/r/${slug}`, { headers: { 'x-forwarded-for': '198.51.100.200' }, baseUrl });
    const fromElsewhere = await follow(`/r/${slug}`, { headers: { 'x-forwarded-for': '203.0.113.5' }, baseUrl });
    expect((await storedClick(clickIdOf(fromRange))).fromListedRange).toBe(true);
    expect((await storedClick(clickIdOf(fromElsewhere))).fromListedRange).toBe(false);
  });

  it('answers HEAD, a trailing slash and URLs left to the Nest route with the same redirect', async () => {
    const encoded = `/r/${slug.slice(0, -1)}%${slug.charCodeAt(slug.length - 1).toString(16)}`;
    for (const [path, method] of [[`/r/${slug}`, 'HEAD'], [`/r/${slug}/`, 'GET'], [encoded, 'GET']]) {
      const response = await follow(`${path}?sub2=shape`, { method });
      expect(response.status).toBe(302);
      const clickId = clickIdOf(response);
      expect(response.headers.get('location')).toBe(`https://example.com/?pf_click=${clickId}`);
      expect(response.headers.getSetCookie()).toEqual([
        `pf_click=${clickId}; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax`,
        expect.stringMatching(VISITOR_COOKIE),
      ]);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer-when-downgrade');
      expect(await storedClick(clickId)).toMatchObject({ sub2: 'shape', partnerId });
    }
    const unknown = await follow('/r/Zz9Zz9Zz');
    expect(unknown.status).toBe(404);
    expect(await readJson(unknown)).toEqual({ error: { code: 'NOT_FOUND', message: 'there is no link /r/Zz9Zz9Zz', details: [] } });
  });
});
