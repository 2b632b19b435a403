import { randomBytes } from 'node:crypto';
import { apiKeyDisplayPrefix, hashApiKey, type OperatorRole } from '@partnerflow/db';
import { newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

/**
 * The audit log through the api: every operator change is recorded with actor, action, target,
 * before/after and the request's id (including changes the partner's workflow records), and
 * compliance reads it back filtered, paginated and as CSV.
 */
describe('audit log (end to end)', () => {
  let stack: TestStack;
  let adminKeyId: string;
  let ada: string;
  const api = apiClient(() => stack);
  const withRequestId = (id: string, init: RequestInit = {}) => ({ ...init, headers: { ...init.headers, 'x-request-id': id } });
  const audit = async (query: string, key?: string) => readJson(await api(`/v1/audit?${query}`, key ? { key } : {}));

  async function keyWithRole(role: OperatorRole): Promise<string> {
    const key = `pf_test_${randomBytes(12).toString('base64url')}`;
    await stack.prisma.apiKey.create({ data: { id: newId('apiKey'), name: role, role, keyHash: hashApiKey(key), keyPrefix: apiKeyDisplayPrefix(key) } });
    return key;
  }

  beforeAll(async () => {
    stack = await startTestStack('audit');
    adminKeyId = (await stack.prisma.apiKey.findFirstOrThrow({ where: { role: 'admin' } })).id;
    ada = await activePartner(api, 'ada@example.com');
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('gives every request an id: the caller\'s when it is a plain token, else a new one', async () => {
    const given = await api('/health', withRequestId('trace-42.a'));
    expect(given.headers.get('x-request-id')).toBe('trace-42.a');
    const generated = await api('/health');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await api('/health', withRequestId('x\tadmin logged in'));
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records each operator change once, with actor, action, target, before/after and request id', async () => {
    const program = await readJson(await api('/v1/programs', withRequestId('req-program', { method: 'POST', body: JSON.stringify({ slug: 'audited', name: 'Audited' }) })));
    expect((await api('/v1/programs/demo/configs/hold', withRequestId('req-config', { method: 'PUT', body: JSON.stringify({ document: { defaultDays: 3 } }) }))).status).toBe(201);
    expect((await api('/v1/programs/demo/postback-secret', withRequestId('req-secret', { method: 'POST' }))).status).toBeLessThan(300);
    const link = await readJson(await api(`/v1/partners/${ada}/links`, withRequestId('req-link', { method: 'POST', body: JSON.stringify({ destination: 'https://example.com/' }) })));
    // These go through the partner's lifecycle workflow, which writes the entry: the request id travels with the update.
    expect((await api(`/v1/partners/${ada}/pause`, withRequestId('req-pause', { method: 'POST', body: JSON.stringify({ reason: 'checking traffic' }) }))).status).toBe(200);
    expect((await api(`/v1/partners/${ada}/resume`, withRequestId('req-resume', { method: 'POST', body: JSON.stringify({}) }))).status).toBe(200);
    expect((await api(`/v1/partners/${ada}/terminate`, withRequestId('req-terminate', { method: 'POST', body: JSON.stringify({ reason: 'done', category: 'other' }) }))).status).toBe(200);

    const byRequest = async (requestId: string) => (await audit(`actor=${adminKeyId}&limit=500`)).items.filter((entry: Json) => entry.requestId === requestId);
    expect(await byRequest('req-program')).toEqual([expect.objectContaining({ action: 'program.created', targetType: 'program', targetId: program.id, actorType: 'operator' })]);
    expect(await byRequest('req-config')).toEqual([expect.objectContaining({ action: 'config.version_created', targetType: 'config' })]);
    const rotation = await byRequest('req-secret');
    expect(rotation).toEqual([expect.objectContaining({ action: 'program.postback_secret_rotated', targetType: 'program' })]);
    expect(JSON.stringify(rotation)).not.toMatch(/pbs_/);
    expect(await byRequest('req-link')).toEqual([expect.objectContaining({ action: 'link.created', targetId: link.linkId })]);
    expect(await byRequest('req-pause')).toEqual([expect.objectContaining({ action: 'partner.stage_changed', targetId: ada, before: { stage: 'ACTIVE' }, after: { stage: 'PAUSED' } })]);
    expect(await byRequest('req-resume')).toEqual([expect.objectContaining({ action: 'partner.stage_changed', before: { stage: 'PAUSED' }, after: { stage: 'ACTIVE' } })]);
    expect((await byRequest('req-terminate')).map((entry: Json) => entry.action)).toContain('partner.termination_scheduled');
  });

  it('filters by target, actor, action and time, and pages with a cursor', async () => {
    const all = (await audit(`target=partner:${ada}&limit=500`)).items;
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((entry: Json) => entry.targetType === 'partner' && entry.targetId === ada)).toBe(true);
    expect((await audit(`target=${ada}&limit=500`)).items.length).toBeGreaterThanOrEqual(all.length);

    const stageChanges = (await audit(`target=${ada}&action=partner.stage_*&limit=500`)).items;
    expect(stageChanges.length).toBeGreaterThan(0);
    expect(stageChanges.every((entry: Json) => entry.action === 'partner.stage_changed')).toBe(true);
    expect((await audit(`target=${ada}&actor=${adminKeyId}&limit=500`)).items.every((entry: Json) => entry.actorId === adminKeyId)).toBe(true);

    const paged: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await audit(`target=partner:${ada}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((entry) => entry.id)).toEqual(all.map((entry: Json) => entry.id));

    const middle = all[Math.floor(all.length / 2)].at;
    const later = (await audit(`target=partner:${ada}&from=${encodeURIComponent(middle)}&limit=500`)).items;
    const earlier = (await audit(`target=partner:${ada}&to=${encodeURIComponent(middle)}&limit=500`)).items;
    expect(later.length + earlier.length).toBe(all.length);
    expect((await api('/v1/audit?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await api('/v1/audit?limit=0')).status).toBe(400);
  });

  it('exports CSV with Accept: text/csv', async () => {
    const json = (await audit(`target=partner:${ada}&limit=500`)).items;
    const response = await api(`/v1/audit?target=partner:${ada}`, { headers: { accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,at,actorType,actorId,action,targetType,targetId,before,after,reason,requestId,workflowId');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(json.map((entry: Json) => entry.id));
  });

  it('is for compliance and admins only', async () => {
    expect((await api('/v1/audit', { key: await keyWithRole('compliance') })).status).toBe(200);
    for (const role of ['viewer', 'manager', 'finance'] as const) {
      expect((await api('/v1/audit', { key: await keyWithRole(role) })).status).toBe(403);
    }
    expect((await api('/v1/audit', { key: null })).status).toBe(401);
  });
});
