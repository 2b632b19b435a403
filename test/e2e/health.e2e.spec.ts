import type { NestExpressApplication } from '@nestjs/platform-express';
import { createPrismaClient, type PrismaClient } from '@partnerflow/db';
import { parseEnv } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { seed } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { readJson } from '../support/http';

/** The api with Temporal and SMTP down: it must say so, and lose nothing it accepted. */
describe('api with dependencies down', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('health');
    prisma = createPrismaClient(db.url, 2);
    await seed(prisma, 'pf_test_admin_key_outage');
    // Nothing listens on port 1: Temporal and SMTP are unreachable, the database is real.
    app = await createApp(
      parseEnv({ NODE_ENV: 'test', DATABASE_URL: db.url, TEMPORAL_ADDRESS: '127.0.0.1:1', SMTP_PORT: '1', PORT: '0' }),
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('answers 503 and says which dependency is down and why', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(503);
    const body = await readJson(response);
    expect(body).toMatchObject({
      status: 'unavailable',
      checks: { database: { status: 'up' }, temporal: { status: 'down' }, smtp: { status: 'down' } },
    });
    expect(body.checks.smtp.error).toMatch(/ECONNREFUSED/);
  });

  it('answers 503 to an application while Temporal is down, keeping it for the retry that starts its workflow', async () => {
    const response = await fetch(`${baseUrl}/v1/programs/demo/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', country: 'GB', channels: ['blog'], audienceSize: 10, partnerType: 'content' }),
    });
    expect(response.status).toBe(503);
    expect((await readJson(response)).error.code).toBe('DEPENDENCY_UNAVAILABLE');
    const stored = await prisma.partner.findFirstOrThrow({ where: { email: 'ada@example.com' } });
    expect(stored).toMatchObject({ stage: 'APPLIED', workflowStartedAt: null });
  });
});
