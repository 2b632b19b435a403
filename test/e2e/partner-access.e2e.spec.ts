import { apiClient, readJson, type Json } from '../support/http';
import { magicLinkTokenFor, referSale, signInPartner } from '../support/partner-access';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

/**
 * A partner signs in with a magic link (real SMTP server), gets a session scoped to itself, and
 * uses /v1/me: profile, links, stats, commissions, balance; signs out. Through the real api,
 * worker, Temporal and PostgreSQL.
 */
describe('partner access: magic link, session, /v1/me (end to end)', () => {
  let stack: TestStack;
  let ada: string;
  const api = apiClient(() => stack);
  const me = (token: string, path = '', init: RequestInit = {}) => api(`/v1/me${path}`, { ...init, key: token });

  beforeAll(async () => {
    // The partner signs in a dozen times here: more than the default per-address limit allows (rate limits have their own suite).
    stack = await startTestStack('partner-access', { RATE_LIMIT_MAGIC_LINK_PER_KEY: '100/15m' });
    ada = await activePartner(api, 'ada@example.com');
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('emails a single-use sign-in token, storing neither the token nor a copy of it', async () => {
    const before = stack.mail.messages.length;
    const response = await api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ programSlug: 'demo', email: 'ADA@example.com' }) });
    expect(response.status).toBe(202);
    const token = await magicLinkTokenFor(stack, 'ada@example.com', before);

    const stored = await stack.prisma.magicLinkToken.findMany({ where: { partnerId: ada } });
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    // 15 minutes (MAGIC_LINK_TTL_MINUTES), give or take the moment between the app's clock and the insert.
    expect(Math.abs(stored[0].expiresAt.getTime() - stored[0].createdAt.getTime() - 15 * 60_000)).toBeLessThan(60_000);
    const message = await stack.prisma.message.findFirstOrThrow({ where: { partnerId: ada, template: 'magic-link' } });
    expect(message).toMatchObject({ status: 'sent', recipient: 'ada@example.com', channel: 'email' });
    expect(message.bodyText).not.toContain(token);

    const session = await api('/v1/auth/session', { method: 'POST', key: null, body: JSON.stringify({ token }) });
    expect(session.status).toBe(201);
    expect(await readJson(session)).toMatchObject({ partnerId: ada, token: expect.stringMatching(/^pfs_/) });
    const again = await api('/v1/auth/session', { method: 'POST', key: null, body: JSON.stringify({ token }) });
    expect(again.status).toBe(401);
  });

  it('answers the same for unknown, unapproved and known addresses, and mails only the partner who may sign in', async () => {
    const ask = (email: string) => api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ programId: 'demo', email }) });
    const before = stack.mail.messages.length;
    const unknown = await ask('nobody@example.com');
    const known = await ask('ada@example.com');
    expect(unknown.status).toBe(202);
    expect(await readJson(unknown)).toEqual(await readJson(known));
    await magicLinkTokenFor(stack, 'ada@example.com', before);
    expect(stack.mail.messages.filter((m) => m.to.includes('nobody@example.com'))).toEqual([]);

    expect((await api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ programSlug: 'no-such-program', email: 'ada@example.com' }) })).status).toBe(404);
    const invalid = await api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ email: 'not-an-email' }) });
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).error.details.map((d: Json) => d.path)).toContain('email');
  });

  it('refuses an expired token', async () => {
    const before = stack.mail.messages.length;
    await api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ programSlug: 'demo', email: 'ada@example.com' }) });
    const token = await magicLinkTokenFor(stack, 'ada@example.com', before);
    await stack.prisma.magicLinkToken.updateMany({ where: { partnerId: ada, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await api('/v1/auth/session', { method: 'POST', key: null, body: JSON.stringify({ token }) });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error.code).toBe('UNAUTHENTICATED');
  });

  it('serves the partner its own profile and lets it change only its own fields, audited', async () => {
    const token = await signInPartner(stack, api, 'ada@example.com');
    expect(await readJson(await me(token))).toMatchObject({ id: ada, email: 'ada@example.com', stage: 'ACTIVE' });

    const changed = await me(token, '', { method: 'PATCH', body: JSON.stringify({ name: 'Ada L.', channels: ['blog'] }) });
    expect(changed.status).toBe(200);
    expect(await readJson(changed)).toMatchObject({ name: 'Ada L.', channels: ['blog'] });
    const refused = await me(token, '', { method: 'PATCH', body: JSON.stringify({ email: 'eve@example.com', stage: 'CONSISTENT' }) });
    expect(refused.status).toBe(400);
    expect((await stack.prisma.partner.findUniqueOrThrow({ where: { id: ada } })).email).toBe('ada@example.com');
    // The language of its notices is the partner's own choice; a code that is not one is refused by field.
    const german = await me(token, '', { method: 'PATCH', body: JSON.stringify({ locale: 'de' }) });
    expect(await readJson(german)).toMatchObject({ locale: 'de', name: 'Ada L.' });
    const badLocale = await me(token, '', { method: 'PATCH', body: JSON.stringify({ locale: 'German' }) });
    expect(badLocale.status).toBe(400);
    expect((await readJson(badLocale)).error.details).toEqual([{ path: 'locale', message: expect.stringContaining('language code') }]);
    expect(await readJson(await me(token, '', { method: 'PATCH', body: JSON.stringify({ locale: null }) }))).toMatchObject({ locale: null });

    const audit = await stack.prisma.auditEntry.findFirstOrThrow({ where: { targetId: ada, action: 'partner.profile_updated' } });
    expect(audit).toMatchObject({ actorType: 'partner', actorId: ada, requestId: expect.any(String) });
  });

  it('creates and lists its links, and counts their clicks, conversions and commissions in its stats', async () => {
    const token = await signInPartner(stack, api, 'ada@example.com');
    const created = await me(token, '/links', { method: 'POST', body: JSON.stringify({ destination: 'https://example.com/spring' }) });
    expect(created.status).toBe(201);
    const link = await readJson(created);
    expect((await readJson(await me(token, '/links'))).items.map((l: Json) => l.id)).toContain(link.linkId);
    expect(await stack.prisma.auditEntry.findFirst({ where: { targetId: link.linkId, action: 'link.created' } })).toMatchObject({ actorType: 'partner', actorId: ada });

    await referSale(stack, api, link.slug, 'me-order-1', '120.00');
    const commission = await eventually('the commission', async () => (await readJson(await me(token, '/commissions'))).items[0]);
    expect(commission).toMatchObject({ partnerId: ada, amount: { amount: '12.00', currency: 'EUR' } });
    expect((await readJson(await me(token, `/commissions/${commission.id}`))).explanation).toBeDefined();
    expect((await readJson(await me(token, '/balance'))).currencies[0]).toMatchObject({ currency: 'EUR' });

    const stats = await readJson(await me(token, '/stats?period=month'));
    expect(stats.totals).toEqual({
      clicks: 1,
      conversions: 1,
      revenue: [{ amount: '120.00', currency: 'EUR' }],
      commissions: [{ amount: '12.00', currency: 'EUR' }],
    });
    expect((await me(token, '/stats?from=2026-01-02&to=2026-01-01')).status).toBe(400);
  });

  it('sets its own payout method (masked, audited with the partner as actor) and reads its payouts and tax form', async () => {
    const token = await signInPartner(stack, api, 'ada@example.com');
    expect((await me(token, '/payout-method')).status).toBe(404);
    const saved = await me(token, '/payout-method', { method: 'PUT', body: JSON.stringify({ type: 'paypal', details: { email: 'ada.pay@example.com' } }) });
    expect(saved.status).toBe(200);
    expect(JSON.stringify(await readJson(saved))).not.toContain('ada.pay@example.com');
    expect(await stack.prisma.auditEntry.findFirst({ where: { actorId: ada, action: 'partner.payout_method_added' } })).toMatchObject({ actorType: 'partner' });
    expect((await me(token, '/payout-method', { method: 'PUT', body: JSON.stringify({ type: 'paypal', details: { email: 'nope' } }) })).status).toBe(400);
    expect(await readJson(await me(token, '/payouts'))).toEqual({ items: [], nextCursor: null });
    expect((await me(token, '/payouts/pay_missing/statement', { headers: { accept: 'text/csv' } })).status).toBe(404);
    expect((await me(token, '/tax-profile')).status).toBe(404);
  });

  it('keeps partner tokens and operator keys apart', async () => {
    const token = await signInPartner(stack, api, 'ada@example.com');
    expect((await api('/v1/me')).status).toBe(401); // the admin key
    expect((await api('/v1/me', { key: null })).status).toBe(401);
    expect((await api(`/v1/partners/${ada}`, { key: token })).status).toBe(401);
    expect((await api('/v1/audit', { key: token })).status).toBe(401);
  });

  it('signs out, and a terminated partner\'s sessions stop working at once', async () => {
    const first = await signInPartner(stack, api, 'ada@example.com');
    const second = await signInPartner(stack, api, 'ada@example.com');
    expect((await api('/v1/auth/session', { method: 'DELETE', key: first })).status).toBe(204);
    expect((await me(first)).status).toBe(401);
    expect((await me(second)).status).toBe(200);

    const terminated = await api(`/v1/partners/${ada}/terminate`, { method: 'POST', body: JSON.stringify({ reason: 'left', category: 'other' }) });
    expect(terminated.status).toBe(200);
    expect((await me(second)).status).toBe(401);
    const before = stack.mail.messages.length;
    expect((await api('/v1/auth/magic-link', { method: 'POST', key: null, body: JSON.stringify({ programSlug: 'demo', email: 'ada@example.com' }) })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(stack.mail.messages.slice(before).filter((m) => /^Sign in/.test(m.subject))).toEqual([]);
  });
});
