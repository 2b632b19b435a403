import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

/** Prometheus sees the api's requests, clicks, conversions and the ledger's commissions by status. */
describe('GET /metrics (end to end)', () => {
  let stack: TestStack;
  const api = apiClient(() => stack);

  beforeAll(async () => {
    stack = await startTestStack('metrics');
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const scrape = async () => {
    const response = await api('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  /** The value of one sample, e.g. `partnerflow_clicks_total{outcome="credited"}`. */
  const sample = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('counts requests by route template, clicks, conversions and duplicates, and reports commissions by status', async () => {
    const partnerId = await activePartner(api, 'mel@example.com');
    const clickId = await followLink(stack, (await linkFor(api, partnerId)).slug);
    const secret = (await readJson(await api('/v1/programs/demo/postback-secret', { method: 'POST' }))).secret;
    const sale: Json = { type: 'sale', externalId: 'order-m1', clickId, amount: '100.00', currency: 'EUR' };
    const post = () => api('/v1/programs/demo/events', { method: 'POST', key: null, body: JSON.stringify(sale), headers: { authorization: `Bearer ${secret}` } });
    expect((await post()).status).toBe(201);
    expect((await post()).status).toBe(200);
    await eventually('the commission', async () => ((await stack.prisma.commission.count({ where: { partnerId } })) > 0 ? true : undefined));

    const text = await scrape();
    expect(sample(text, 'partnerflow_clicks_total{outcome="credited"}')).toBe(1);
    expect(sample(text, 'partnerflow_conversions_total{type="sale",source="event",outcome="created"}')).toBe(1);
    expect(sample(text, 'partnerflow_conversions_total{type="sale",source="event",outcome="duplicate"}')).toBe(1);
    expect(sample(text, `partnerflow_http_requests_total{method="GET",route="/v1/partners/:partnerId",status="200"}`)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/partnerflow_http_request_duration_seconds_bucket\{le="0\.1",method="POST",route="\/v1\/programs\/:programId\/events"\} \d+/);
    const commissions = await stack.prisma.commission.findMany({ where: { partnerId } });
    const status = commissions[0].status;
    expect(sample(text, `partnerflow_commissions{status="${status}",currency="EUR"}`)).toBe(commissions.length);
    expect(sample(text, `partnerflow_commissions_amount{status="${status}",currency="EUR"}`)).toBe(10);
    expect(text).toContain('partnerflow_api_process_resident_memory_bytes');
  });

  it('is not public: Prometheus scrapes with an operator key', async () => {
    expect((await api('/metrics', { key: null })).status).toBe(401);
  });
});
