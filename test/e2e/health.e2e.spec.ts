import type { NestExpressApplication } from '@nestjs/platform-express';
import { parseEnv } from '@partnerflow/domain';
import { createApp } from '../../apps/api/src/app.factory';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { readJson } from '../support/http';

/** /health must tell a load balancer the truth: 503 as soon as one dependency is down. */
describe('GET /health with dependencies down', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('health');
    // Nothing listens on port 1: Temporal and SMTP are unreachable, the database is real.
    app = await createApp(
      parseEnv({ NODE_ENV: 'test', DATABASE_URL: db.url, TEMPORAL_ADDRESS: '127.0.0.1:1', SMTP_PORT: '1', PORT: '0' }),
    );
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
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
});
