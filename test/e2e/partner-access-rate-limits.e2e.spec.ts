import { apiClient, readJson, type Json } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Rate limits of the public endpoints, with small limits set through the environment. The api
 * believes X-Forwarded-For from loopback (TRUST_PROXY), so one test process can be many clients.
 */
describe('rate limits on public endpoints (end to end)', () => {
  let stack: TestStack;
  const api = apiClient(() => stack);
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const magicLink = (email: string, ip: string) =>
    api('/v1/auth/magic-link', { method: 'POST', key: null, headers: from(ip), body: JSON.stringify({ programSlug: 'demo', email }) });
  const apply = (email: string, ip: string) =>
    api('/v1/programs/demo/applications', {
      method: 'POST',
      key: null,
      headers: from(ip),
      body: JSON.stringify({ name: 'Rita', email, country: 'DE', website: 'https://rita.example.com', audienceSize: 100, partnerType: 'content' }),
    });

  beforeAll(async () => {
    stack = await startTestStack('rate-limits', {
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_MAGIC_LINK_PER_IP: '3/1h',
      RATE_LIMIT_MAGIC_LINK_PER_KEY: '2/1h',
      RATE_LIMIT_APPLICATIONS_PER_IP: '2/1h',
      RATE_LIMIT_APPLICATIONS_PER_KEY: '5/1h',
      RATE_LIMIT_POSTBACKS_PER_IP: '2/1h',
      RATE_LIMIT_POSTBACKS_PER_KEY: 'off',
    });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  async function expectLimited(response: Response): Promise<void> {
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect((await readJson(response)).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('try again') });
  }

  it('limits magic links per email address, whatever the IP', async () => {
    expect((await magicLink('target@example.com', '198.51.100.1')).status).toBe(202);
    expect((await magicLink('target@example.com', '198.51.100.2')).status).toBe(202);
    await expectLimited(await magicLink('target@example.com', '198.51.100.3'));
    expect((await magicLink('other@example.com', '198.51.100.3')).status).toBe(202);
  });

  it('limits magic links per IP, whatever the email', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) expect((await magicLink(email, '203.0.113.9')).status).toBe(202);
    await expectLimited(await magicLink('d@example.com', '203.0.113.9'));
  });

  it('limits applications per IP, and a refused request changes nothing', async () => {
    expect((await apply('one@example.com', '192.0.2.10')).status).toBe(201);
    expect((await apply('two@example.com', '192.0.2.10')).status).toBe(201);
    await expectLimited(await apply('three@example.com', '192.0.2.10'));
    expect(await stack.prisma.partner.count({ where: { email: 'three@example.com' } })).toBe(0);
    expect((await apply('three@example.com', '192.0.2.11')).status).toBe(201);
  });

  it('limits postbacks per IP (in memory) before anything is checked or written', async () => {
    const postback = () => api('/v1/postbacks?program=demo&token=wrong&event=sale&external_id=x', { key: null, headers: from('192.0.2.50') });
    expect((await postback()).status).toBe(401);
    expect((await postback()).status).toBe(401);
    await expectLimited(await postback());
  });

  it('shares its counts through PostgreSQL, without storing an email or IP', async () => {
    const buckets = await stack.prisma.rateLimitBucket.findMany();
    expect(buckets.length).toBeGreaterThan(0);
    const keys = buckets.map((bucket: Json) => bucket.key).join(' ');
    expect(keys).not.toMatch(/@|198\.51|203\.0|192\.0/);
    expect(keys).toMatch(/magic-link:(ip|key):/);
  });
});
