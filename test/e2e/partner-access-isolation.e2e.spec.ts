import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../apps/api/src/app.factory';
import { apiClient, readJson } from '../support/http';
import { referSale, signInPartner } from '../support/partner-access';
import { mountedRoutes, type MountedRoute } from '../support/routes';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, linkFor } from '../support/tracking';

/** Ids per table this test tries against another partner's session: enough to catch a leak, few enough to stay quick. */
const IDS_PER_TABLE = 3;

/**
 * Every partner route the api mounts — read from the Nest router, so routes added later are
 * covered without touching this test — is called with partner A's session and partner B's ids:
 * it must answer 404 (or 400 for a body it refuses) and never show or change B's data. Without a
 * session, or with an operator key, every one answers 401.
 */
describe('partner isolation: every /v1/me route (end to end)', () => {
  let stack: TestStack;
  let routes: MountedRoute[];
  let ada: string;
  let bob: string;
  let adaToken: string;
  let bobToken: string;
  let bobIds: string[];
  const api = apiClient(() => stack);

  async function partnerWithMoney(email: string, externalId: string): Promise<string> {
    const partnerId = await activePartner(api, email);
    await referSale(stack, api, (await linkFor(api, partnerId)).slug, externalId, '50.00');
    await eventually(`${email}'s commission`, async () => (await stack.prisma.commission.findFirst({ where: { partnerId } })) ?? undefined);
    // The first conversion moves the partner to PRODUCING: wait, so its row stays still from here on.
    await eventually(`${email} to be PRODUCING`, async () => ((await stack.prisma.partner.findUnique({ where: { id: partnerId } }))?.stage === 'PRODUCING' ? true : undefined));
    return partnerId;
  }

  /** B's ids from every table that names a partner (tables added later included). */
  async function idsOf(partnerId: string): Promise<string[]> {
    const tables = await stack.prisma.$queryRaw<{ table: string }[]>`
      SELECT c.table_name AS table FROM information_schema.columns c
      WHERE c.table_schema = current_schema() AND c.column_name = 'partner_id'
        AND EXISTS (SELECT 1 FROM information_schema.columns i WHERE i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id')`;
    const ids = new Set<string>([partnerId]);
    for (const { table } of tables) {
      const rows = await stack.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM "${table}" WHERE partner_id = $1 LIMIT ${IDS_PER_TABLE}`, partnerId);
      rows.forEach((row) => ids.add(row.id));
    }
    const shares = await stack.prisma.conversionShare.findMany({ where: { partnerId }, take: IDS_PER_TABLE });
    shares.forEach((share) => ids.add(share.conversionId));
    return [...ids];
  }

  const fill = (path: string, id: string) => path.replace(/:[A-Za-z]+/g, encodeURIComponent(id));
  async function call(route: MountedRoute, path: string, key: string | null): Promise<Response> {
    const send = () => api(path, { method: route.method, key, ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: JSON.stringify({ partnerId: bob }) }) });
    try {
      return await send();
    } catch (error) {
      // Hundreds of requests in a row over keep-alive: the server may close an idle socket just as
      // the client reuses it (ECONNRESET before any answer). That is the transport, not the route: send once more.
      if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
      return send();
    }
  }
  const snapshotOfBob = async () => ({
    partner: await stack.prisma.partner.findUniqueOrThrow({ where: { id: bob } }),
    links: await stack.prisma.link.count({ where: { partnerId: bob } }),
    commissions: await stack.prisma.commission.count({ where: { partnerId: bob } }),
    sessions: await stack.prisma.partnerSession.count({ where: { partnerId: bob, revokedAt: null } }),
  });

  beforeAll(async () => {
    stack = await startTestStack('partner-isolation');
    const app: NestExpressApplication = await createApp(stack.env);
    routes = mountedRoutes(app).filter((route) => route.partner);
    await app.close();
    ada = await partnerWithMoney('ada@example.com', 'ada-order');
    bob = await partnerWithMoney('bob@example.com', 'bob-order');
    adaToken = await signInPartner(stack, api, 'ada@example.com');
    bobToken = await signInPartner(stack, api, 'bob@example.com');
    bobIds = await idsOf(bob);
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('finds the partner routes, and /v1/me holds nothing else', async () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /v1/me', 'PATCH /v1/me', 'GET /v1/me/stats', 'GET /v1/me/links', 'POST /v1/me/links', 'GET /v1/me/commissions',
        'GET /v1/me/commissions/:commissionId', 'GET /v1/me/balance', 'GET /v1/me/payouts', 'GET /v1/me/payouts/:payoutId/statement',
        'GET /v1/me/tax-profile', 'PUT /v1/me/tax-profile', 'GET /v1/me/payout-method', 'PUT /v1/me/payout-method', 'DELETE /v1/auth/session',
      ]),
    );
    const app: NestExpressApplication = await createApp(stack.env);
    const underMe = mountedRoutes(app).filter((route) => route.path === '/v1/me' || route.path.startsWith('/v1/me/'));
    await app.close();
    expect(underMe.filter((route) => !route.partner)).toEqual([]);
    expect(bobIds.length).toBeGreaterThan(4);
  });

  it('answers 401 on every partner route without a session, or with an operator key', async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const path = fill(route.path, ada);
      for (const key of [null, stack.adminKey]) {
        const status = (await call(route, path, key)).status;
        if (status !== 401) wrong.push(`${route.method} ${route.path} with ${key ? 'the admin key' : 'no key'} → ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("answers 404 on every partner route given another partner's ids, and shows or changes none of its data", async () => {
    const before = await snapshotOfBob();
    const wrong: string[] = [];
    for (const route of routes.filter((r) => /:[A-Za-z]/.test(r.path))) {
      for (const id of bobIds) {
        const response = await call(route, fill(route.path, id), adaToken);
        const body = await response.text();
        const allowed = route.method === 'GET' || route.method === 'DELETE' ? [404] : [400, 404];
        if (!allowed.includes(response.status)) wrong.push(`${route.method} ${route.path} with ${id} → ${response.status}`);
        if (body.includes('bob@example.com')) wrong.push(`${route.method} ${route.path} with ${id} showed bob's email`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await snapshotOfBob()).toEqual(before);
  });

  it("shows only the partner's own data on the routes without ids, whatever the request names", async () => {
    const before = await snapshotOfBob();
    const leaks: string[] = [];
    const signOut = (route: MountedRoute) => route.method === 'DELETE' && route.path === '/v1/auth/session';
    for (const route of routes.filter((r) => !/:[A-Za-z]/.test(r.path) && !signOut(r))) {
      const response = await call(route, `${route.path}${route.method === 'GET' ? `?partnerId=${bob}` : ''}`, adaToken);
      const body = await response.text();
      for (const id of [...bobIds, 'bob@example.com']) {
        if (body.includes(id)) leaks.push(`${route.method} ${route.path} (${response.status}) shows ${id}`);
      }
      if (response.status >= 500) leaks.push(`${route.method} ${route.path} → ${response.status}`);
    }
    expect(leaks).toEqual([]);
    expect(await snapshotOfBob()).toEqual(before);
    expect((await readJson(await api('/v1/me', { key: bobToken }))).id).toBe(bob);
  });

  it("signing out ends only the caller's own session", async () => {
    expect((await api('/v1/auth/session', { method: 'DELETE', key: adaToken })).status).toBe(204);
    expect((await api('/v1/me', { key: adaToken })).status).toBe(401);
    expect((await api('/v1/me', { key: bobToken })).status).toBe(200);
  });
});
