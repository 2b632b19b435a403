import { hashApiKey } from '@partnerflow/db';
import { apiClient, readJson, type Json } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Operator API keys through the api: an admin issues a key (the secret shown once, only its hash
 * stored), the key works with its role, appears in the list without secrets, and stops working
 * when revoked; other roles cannot manage keys; the last active admin key cannot be revoked;
 * every issue and revocation is in the audit log with the request id.
 */
describe('API keys (end to end)', () => {
  let stack: TestStack;
  let seededAdminId: string;
  const api = apiClient(() => stack);
  const post = (path: string, body: unknown, init: { key?: string; requestId?: string } = {}) =>
    api(path, { method: 'POST', body: JSON.stringify(body), key: init.key, headers: init.requestId ? { 'x-request-id': init.requestId } : {} });
  const issue = async (name: string, role: string, key?: string) => {
    const response = await post('/v1/api-keys', { name, role }, { key });
    expect(response.status).toBe(201);
    return readJson(response);
  };
  const auditOf = async (keyId: string, key?: string) => (await readJson(await api(`/v1/audit?target=api_key:${keyId}&limit=100`, { key }))).items as Json[];

  beforeAll(async () => {
    stack = await startTestStack('api_keys');
    seededAdminId = (await stack.prisma.apiKey.findFirstOrThrow({ where: { role: 'admin' } })).id;
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('issues a key shown once, which works with its role, is listed without secrets, and gets 401 once revoked', async () => {
    const response = await post('/v1/api-keys', { name: '  finance team ', role: 'finance' }, { requestId: 'req-key-issue' });
    expect(response.status).toBe(201);
    const issued = await readJson(response);
    expect(issued).toEqual({
      id: expect.stringMatching(/^key_/),
      name: 'finance team',
      role: 'finance',
      prefix: issued.key.slice(0, 10),
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      key: expect.stringMatching(/^pf_[A-Za-z0-9_-]{32}$/),
    });
    const row = await stack.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.keyHash).toBe(hashApiKey(issued.key));
    expect(Object.values(row)).not.toContain(issued.key);

    // Its role: finance reads programs, cannot create one.
    expect((await api('/v1/programs', { key: issued.key })).status).toBe(200);
    expect((await post('/v1/programs', { slug: 'not-finance', name: 'No' }, { key: issued.key })).status).toBe(403);

    const list = await readJson(await api('/v1/api-keys?limit=200'));
    expect(list.items.map((key: Json) => key.id)).toEqual(expect.arrayContaining([seededAdminId, issued.id]));
    expect(list.items.find((key: Json) => key.id === issued.id)).toEqual({
      id: issued.id,
      name: 'finance team',
      role: 'finance',
      prefix: issued.prefix,
      createdAt: issued.createdAt,
      lastUsedAt: expect.any(String),
      revokedAt: null,
    });
    expect(JSON.stringify(list)).not.toContain(issued.key);
    expect(JSON.stringify(list)).not.toContain(row.keyHash);

    const revoked = await post(`/v1/api-keys/${issued.id}/revoke`, {}, { requestId: 'req-key-revoke' });
    expect(revoked.status).toBe(200);
    const revokedKey = await readJson(revoked);
    expect(revokedKey).toEqual(expect.objectContaining({ id: issued.id, revokedAt: expect.any(String) }));
    expect(revokedKey).not.toHaveProperty('key');
    expect((await api('/v1/programs', { key: issued.key })).status).toBe(401);

    // Idempotent: the same answer, nothing changed, no second audit entry.
    const again = await post(`/v1/api-keys/${issued.id}/revoke`, {});
    expect(again.status).toBe(200);
    expect(await readJson(again)).toEqual(revokedKey);

    const entries = await auditOf(issued.id);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'api_key.created', actorType: 'operator', actorId: seededAdminId, targetType: 'api_key', targetId: issued.id, requestId: 'req-key-issue', after: { name: 'finance team', role: 'finance', prefix: issued.prefix } }),
      expect.objectContaining({ action: 'api_key.revoked', actorId: seededAdminId, targetId: issued.id, requestId: 'req-key-revoke', before: { revokedAt: null }, after: expect.objectContaining({ revokedAt: revokedKey.revokedAt }) }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(issued.key);
  });

  it('notes when a key was last used, at most once a minute', async () => {
    const issued = await issue('reporting', 'viewer');
    expect((await api('/v1/programs', { key: issued.key })).status).toBe(200);
    const first = (await stack.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    expect((await api('/v1/programs', { key: issued.key })).status).toBe(200);
    expect((await stack.prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } })).lastUsedAt).toEqual(first);
  });

  it('refuses invalid requests and unknown keys', async () => {
    const invalid = await post('/v1/api-keys', { name: '', role: 'owner', extra: 1 });
    expect(invalid.status).toBe(400);
    expect((await readJson(invalid)).error.details.map((detail: Json) => detail.path)).toEqual(expect.arrayContaining(['name', 'role']));
    expect((await post('/v1/api-keys/key_unknown/revoke', {})).status).toBe(404);
  });

  it.each(['manager', 'finance', 'compliance', 'viewer'])('lets no %s key issue, list or revoke keys', async (role) => {
    const own = await issue(`${role} key`, role);
    const before = await stack.prisma.apiKey.count();
    expect((await post('/v1/api-keys', { name: 'escalate', role: 'admin' }, { key: own.key })).status).toBe(403);
    expect((await api('/v1/api-keys', { key: own.key })).status).toBe(403);
    expect((await post(`/v1/api-keys/${seededAdminId}/revoke`, {}, { key: own.key })).status).toBe(403);
    expect((await post(`/v1/api-keys/${own.id}/revoke`, {}, { key: own.key })).status).toBe(403);
    expect(await stack.prisma.apiKey.count()).toBe(before);
    expect(await stack.prisma.apiKey.count({ where: { revokedAt: { not: null }, id: { in: [seededAdminId, own.id] } } })).toBe(0);
  });

  it('never revokes the last active admin key, even when two admins revoke each other at once', async () => {
    const lastAdminRefused = async (id: string, key?: string) => {
      const response = await post(`/v1/api-keys/${id}/revoke`, {}, { key });
      expect(response.status).toBe(409);
      expect((await readJson(response)).error.code).toBe('CONFLICT');
    };
    // The seeded key is the only admin key: it cannot revoke itself.
    await lastAdminRefused(seededAdminId);

    const second = await issue('second admin', 'admin');
    const both = await Promise.all([
      post(`/v1/api-keys/${second.id}/revoke`, {}),
      post(`/v1/api-keys/${seededAdminId}/revoke`, {}, { key: second.key }),
    ]);
    // One revocation goes through; the other is refused (409), or its key was revoked before it got in (401).
    const statuses = both.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect([401, 409]).toContain(statuses.find((status) => status !== 200));
    const remaining = await stack.prisma.apiKey.findMany({ where: { role: 'admin', revokedAt: null } });
    expect(remaining.map((key) => key.id)).toHaveLength(1);

    const [survivor] = remaining;
    const survivorKey = survivor.id === seededAdminId ? stack.adminKey : second.key;
    await lastAdminRefused(survivor.id, survivorKey);
    const survivorAudit = await auditOf(survivor.id, survivorKey);
    expect(survivorAudit.map((entry: Json) => entry.action)).not.toContain('api_key.revoked');
    const loser = survivor.id === seededAdminId ? second.id : seededAdminId;
    expect((await auditOf(loser, survivorKey)).filter((entry: Json) => entry.action === 'api_key.revoked')).toHaveLength(1);
  });
});
