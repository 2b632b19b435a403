import { DEFAULT_COMMISSION_PLAN, DEFAULT_HOLD_CONFIG } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner } from '../support/tracking';

/**
 * Notification triggers the api produces (issue 7), end to end: saving a commission-plan version
 * records `commission_plan.updated` in its transaction and dispatches it on the real worker and
 * Temporal dev server, so the program's working partners get the deal-terms notice in their inbox.
 */
describe('commission_plan.updated (end to end)', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack('trigger_events');
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const http = apiClient(() => stack);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await http(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: response.status, body: (await readJson(response)) as Json };
  };
  const dealTermsNotices = async (partnerId: string): Promise<Json[]> =>
    ((await call('GET', `/v1/partners/${partnerId}/messages?limit=100`)).body.items as Json[]).filter(
      (message) => message.channel === 'inbox' && message.subject === 'Your deal terms have changed',
    );

  it('records the event with the new version and brings every working partner of the program the deal-terms notice, once', async () => {
    const partners = [await activePartner(http, 'dora@example.com'), await activePartner(http, 'dario@example.com')];
    const { programId } = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partners[0] } });
    const otherConfig = await call('PUT', '/v1/programs/demo/configs/hold', { document: DEFAULT_HOLD_CONFIG });
    expect(otherConfig.status).toBe(201);

    const saved = await call('PUT', '/v1/programs/demo/configs/commission-plan', { document: DEFAULT_COMMISSION_PLAN });
    expect(saved.status).toBe(201);
    const events = await stack.prisma.domainEvent.findMany({ where: { programId, name: 'commission_plan.updated' } });
    expect(events).toEqual([
      expect.objectContaining({
        partnerId: null,
        subjectType: 'config_version',
        subjectId: saved.body.id,
        idempotencyKey: `commission_plan.updated:${saved.body.id}`,
        data: expect.objectContaining({ planVersion: saved.body.version, summary: expect.stringContaining(`to version ${saved.body.version}`) }),
      }),
    ]);

    for (const partnerId of partners) {
      const [notice] = await eventually(`the deal-terms notice in ${partnerId}'s inbox`, async () => {
        const found = await dealTermsNotices(partnerId);
        return found.length > 0 ? found : undefined;
      });
      expect(notice.bodyText).toContain(`The commission plan that applies to you has been updated to version ${saved.body.version} (rules: `);
    }
    // Saving another kind records nothing; the one event notified each partner once.
    expect(await stack.prisma.domainEvent.count({ where: { programId, name: 'commission_plan.updated' } })).toBe(1);
    for (const partnerId of partners) expect(await dealTermsNotices(partnerId)).toHaveLength(1);
  }, 180_000);
});
