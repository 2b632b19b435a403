import { createHmac } from 'node:crypto';
import { newId } from '@partnerflow/domain';
import { apiClient, readJson, type Json } from '../support/http';
import { eventually, startTestStack, type TestStack } from '../support/stack';
import { activePartner, followLink, linkFor } from '../support/tracking';

/**
 * Conversions through the documented doors — S2S postbacks and merchant events — against the real
 * api, worker, Temporal and PostgreSQL: click → redirect → postback → attributed conversion, with
 * deduplication, authentication, refunds and coupons.
 */
describe('conversions (end to end)', () => {
  let stack: TestStack;
  let secret: string;
  let ada: string;
  let cory: string;
  const api = apiClient(() => stack);

  const postback = (params: Record<string, string>, init: RequestInit = {}) =>
    api(`/v1/postbacks?${new URLSearchParams({ program: 'demo', ...params })}`, { key: null, ...init });
  const event = (body: Json, headers: Record<string, string> = { authorization: `Bearer ${secret}` }) =>
    api('/v1/programs/demo/events', { method: 'POST', key: null, body: JSON.stringify(body), headers });
  const conversionCount = (externalId: string) => stack.prisma.conversion.count({ where: { externalId } });

  /** A click of `partnerId`'s link, backdated so the fast-conversion check does not fire. */
  async function clickOf(partnerId: string, minutesAgo = 60): Promise<string> {
    const clickId = await followLink(stack, (await linkFor(api, partnerId)).slug);
    await stack.prisma.click.update({ where: { id: clickId }, data: { at: new Date(Date.now() - minutesAgo * 60_000) } });
    return clickId;
  }

  beforeAll(async () => {
    stack = await startTestStack('conversions');
    [ada, cory] = await Promise.all([activePartner(api, 'ada@example.com'), activePartner(api, 'cory@example.com')]);
    const rotated = await api('/v1/programs/demo/postback-secret', { method: 'POST' });
    expect(rotated.status).toBe(201);
    secret = (await readJson(rotated)).secret;
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('attributes a postback to the clicked partner and explains why', async () => {
    const clickId = await clickOf(ada);
    const response = await postback({ token: secret, click_id: clickId, event: 'sale', external_id: 'order-1', amount: '49.99', currency: 'eur' });
    expect(response.status).toBe(201);
    const recorded = await readJson(response);
    expect(recorded).toMatchObject({
      repeat: false,
      type: 'sale',
      outcome: 'attributed',
      partnerId: ada,
      amount: { amount: '49.99', currency: 'EUR' },
      shares: [{ partnerId: ada, touchId: clickId, touchKind: 'click', sharePpm: 1_000_000, amount: { amount: '49.99', currency: 'EUR' } }],
      flags: [],
    });

    const detail = await readJson(await api(`/v1/conversions/${recorded.conversionId}`));
    expect(detail.attribution.model).toBe('last_click');
    expect(detail.attribution.summary).toEqual(expect.any(String));
    expect(detail.attribution.candidates).toEqual([expect.objectContaining({ touchId: clickId, counted: true, sharePpm: 1_000_000 })]);
    expect(detail).toMatchObject({ source: 'postback', clickId });
    // Handed to the partner's commission hold workflow (holds-<partnerId>) right after it was stored.
    await eventually('the conversion to be handed to commissions', async () => {
      const body = await readJson(await api(`/v1/conversions/${recorded.conversionId}`));
      return body.commissionStatus === 'processed' ? body : undefined;
    });
  });

  it('answers a repeated postback with the first result and stores one conversion', async () => {
    const params = { token: secret, click_id: await clickOf(ada), event: 'sale', external_id: 'order-dup', amount: '10', currency: 'EUR' };
    const first = await readJson(await postback(params));
    const again = await postback(params);
    expect(again.status).toBe(200);
    expect(await readJson(again)).toMatchObject({ conversionId: first.conversionId, repeat: true });
    expect(await conversionCount('order-dup')).toBe(1);
  });

  it('rejects a wrong token, a bad signature and a stale one with 401, writing nothing', async () => {
    const params = { click_id: await clickOf(ada), event: 'lead', external_id: 'lead-auth' };
    expect((await postback({ ...params, token: 'pbs_wrong' })).status).toBe(401);
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await postback({ ...params, ts, signature: 'ab'.repeat(32) })).status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const staleQuery = new URLSearchParams({ program: 'demo', ...params, ts: stale }).toString();
    const staleSignature = createHmac('sha256', secret).update(`${stale}.${staleQuery}`).digest('hex');
    expect((await api(`/v1/postbacks?${staleQuery}&signature=${staleSignature}`, { key: null })).status).toBe(401);
    expect(await conversionCount('lead-auth')).toBe(0);

    const query = new URLSearchParams({ program: 'demo', ...params, ts }).toString();
    const signature = createHmac('sha256', secret).update(`${ts}.${query}`).digest('hex');
    expect((await api(`/v1/postbacks?${query}&signature=${signature}`, { key: null })).status).toBe(201);
  });

  it('rejects malformed postbacks with 400 naming each parameter, writing nothing', async () => {
    const missing = await postback({ token: secret, amount: '1.23', currency: 'EUR' });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).error.details).toEqual([
      { path: 'event', message: 'is required' },
      { path: 'external_id', message: 'is required' },
    ]);
    const tooPrecise = await postback({ token: secret, event: 'sale', external_id: 'order-bad', amount: '1.234', currency: 'EUR' });
    expect(tooPrecise.status).toBe(400);
    expect((await readJson(tooPrecise)).error.details).toEqual([{ path: 'amount', message: expect.stringContaining('decimals') }]);
    expect(await stack.prisma.conversion.count({ where: { type: 'sale', amountMinor: null } })).toBe(0);
  });

  it('takes refunds back from the original partner, never more than is left; an unknown original is 422', async () => {
    const unknown = await event({ type: 'refund', externalId: 'refund-x', refersTo: 'no-such-order', amount: '5', currency: 'EUR' });
    expect(unknown.status).toBe(422);
    expect((await readJson(unknown)).error.details).toEqual([{ path: 'refersTo', message: expect.any(String) }]);

    await event({ type: 'sale', externalId: 'order-r', clickId: await clickOf(ada), amount: '100.00', currency: 'EUR' });
    const partial = await readJson(await event({ type: 'refund', externalId: 'refund-1', refersTo: 'order-r', amount: '30', currency: 'EUR' }));
    expect(partial).toMatchObject({ outcome: 'inherited', partnerId: ada, amount: { amount: '-30.00' } });
    expect(partial.shares).toEqual([expect.objectContaining({ partnerId: ada, amount: { amount: '-30.00', currency: 'EUR' } })]);

    const tooMuch = await event({ type: 'refund', externalId: 'refund-2', refersTo: 'order-r', amount: '70.01', currency: 'EUR' });
    expect(tooMuch.status).toBe(422);
    const rest = await readJson(await event({ type: 'chargeback', externalId: 'cb-1', refersTo: 'order-r' }));
    expect(rest.amount).toEqual({ amount: '-70.00', currency: 'EUR' });
  });

  it('gives a coupon precedence over a click by default', async () => {
    const coupon = await api(`/v1/partners/${cory}/coupons`, { method: 'POST', body: JSON.stringify({ code: 'CORY10' }) });
    expect(coupon.status).toBe(201);
    const recorded = await readJson(
      await event({ type: 'sale', externalId: 'order-c', clickId: await clickOf(ada), couponCode: 'cory10', amount: '20', currency: 'EUR' }),
    );
    expect(recorded.shares).toEqual([expect.objectContaining({ partnerId: cory, touchKind: 'coupon', sharePpm: 1_000_000 })]);
  });

  it("keeps a returning customer's renewals with the partner who won them", async () => {
    await event({ type: 'sale', externalId: 'sub-1', customerId: 'cust-9', clickId: await clickOf(ada), amount: '9.99', currency: 'EUR' });
    const renewal = await readJson(await event({ type: 'renewal', externalId: 'sub-1-m2', customerId: 'cust-9', amount: '9.99', currency: 'EUR' }));
    expect(renewal).toMatchObject({ outcome: 'recurring', partnerId: ada });
  });

  it('accepts an event signed with an HMAC of its raw body', async () => {
    const body = JSON.stringify({ type: 'signup', externalId: 'signup-signed', clickId: await clickOf(cory) });
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    const signed = (sig: string) =>
      api('/v1/programs/demo/events', { method: 'POST', key: null, body, headers: { 'x-partnerflow-signature': `t=${ts},v1=${sig}` } });
    expect((await signed('00'.repeat(32))).status).toBe(401);
    expect((await signed(signature)).status).toBe(201);
  });

  it('flags a self-referral and a conversion seconds after its click', async () => {
    const clickId = await clickOf(ada, 0);
    const recorded = await readJson(
      await event({ type: 'sale', externalId: 'order-self', clickId, customerEmail: 'ADA+shop@example.com', amount: '5', currency: 'EUR' }),
    );
    // Ada's many conversions today may add a conversion_spike flag ("no baseline yet"): not what this checks.
    expect(recorded.flags.map((flag: Json) => flag.code)).toEqual(expect.arrayContaining(['fast_conversion', 'self_referral']));
  });

  it("tells the partner's lifecycle workflow about its first conversion", async () => {
    const partner = await eventually('first conversion to be recorded', async () => {
      const row = await stack.prisma.partner.findUnique({ where: { id: ada } });
      return row?.firstConversionAt ? row : undefined;
    });
    expect(partner.firstConversionAt).toBeInstanceOf(Date);
    const history = await readJson(await api(`/v1/workflows/partner-${ada}/history`));
    const signals = history.events.filter(
      (entry: Json) => entry.details?.signal === 'partnerActivity' && entry.details.input[0].event === 'first_conversion',
    );
    // Once, though Ada has had many conversions since.
    expect(signals).toHaveLength(1);
  });

  describe('reports arriving together (they share round trips)', () => {
    it('answers each of a burst on its own: new ones 201 with their partner, repeats 200 with the first ids, a bad refund 422', async () => {
      const [adaClick, coryClick] = await Promise.all([clickOf(ada), clickOf(cory)]);
      const sale = (externalId: string, clickId: string) => ({ type: 'sale', externalId, clickId, amount: '12.50', currency: 'EUR' });
      const responses = await Promise.all([
        event(sale('burst-1', adaClick)),
        event(sale('burst-2', coryClick)),
        event(sale('burst-1', adaClick)),
        event({ type: 'refund', externalId: 'burst-refund', refersTo: 'burst-none', amount: '1', currency: 'EUR' }),
        event(sale('burst-1', adaClick)),
        postback({ token: secret, click_id: coryClick, event: 'lead', external_id: 'burst-3' }),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 201, 201, 201, 422]);
      const bodies = await Promise.all(responses.map((response) => readJson(response)));
      const burst1 = bodies.filter((body, index) => [0, 2, 4].includes(index));
      expect(new Set(burst1.map((body) => body.conversionId)).size).toBe(1);
      expect(burst1.filter((body) => body.repeat === false)).toHaveLength(1);
      expect(burst1[0]).toMatchObject({ partnerId: ada, shares: [expect.objectContaining({ touchId: adaClick, amount: { amount: '12.50', currency: 'EUR' } })] });
      expect(bodies[1]).toMatchObject({ repeat: false, externalId: 'burst-2', partnerId: cory });
      expect(bodies[3].error.details).toEqual([{ path: 'refersTo', message: expect.any(String) }]);
      expect(bodies[5]).toMatchObject({ repeat: false, type: 'lead', externalId: 'burst-3', partnerId: cory, amount: null });
      expect(await conversionCount('burst-1')).toBe(1);
      expect(await conversionCount('burst-refund')).toBe(0);
      // Each stored conversion has its share and its conversion.created outbox row, written with it.
      for (const body of [burst1[0], bodies[1], bodies[5]]) {
        expect(await stack.prisma.conversionShare.count({ where: { conversionId: body.conversionId } })).toBe(1);
        expect(await stack.prisma.domainEvent.count({ where: { name: 'conversion.created', subjectId: body.conversionId } })).toBe(1);
      }
    });

    it('never lets refunds sent together take back more than the order had', async () => {
      expect((await event({ type: 'sale', externalId: 'order-rr', clickId: await clickOf(ada), amount: '100.00', currency: 'EUR' })).status).toBe(201);
      const refunds = await Promise.all(
        [1, 2, 3].map((n) => event({ type: 'refund', externalId: `refund-rr-${n}`, refersTo: 'order-rr', amount: '40', currency: 'EUR' })),
      );
      expect(refunds.map((response) => response.status).sort()).toEqual([201, 201, 422]);
      const original = await stack.prisma.conversion.findFirstOrThrow({ where: { externalId: 'order-rr', type: 'sale' } });
      const taken = await stack.prisma.conversion.aggregate({ where: { refersToId: original.id }, _sum: { amountMinor: true } });
      expect(taken._sum.amountMinor).toBe(-8000n);
    });

    it("gives a new customer's conversions sent together to one partner: the first decides, the other stays with it", async () => {
      const [coryClick, adaClick] = await Promise.all([clickOf(cory), clickOf(ada)]);
      const bodies = await Promise.all(
        [
          event({ type: 'sale', externalId: 'cust-8-a', customerId: 'cust-8', clickId: coryClick, amount: '5', currency: 'EUR' }),
          event({ type: 'sale', externalId: 'cust-8-b', customerId: 'cust-8', clickId: adaClick, amount: '7', currency: 'EUR' }),
        ].map(async (response) => readJson(await response)),
      );
      expect(bodies.map((body) => body.outcome).sort()).toEqual(['attributed', 'recurring']);
      const first = bodies.find((body) => body.outcome === 'attributed');
      expect(bodies.map((body) => body.partnerId)).toEqual([first.partnerId, first.partnerId]);
      const customer = await stack.prisma.customerAttribution.findFirstOrThrow({ where: { customerId: 'cust-8' } });
      expect(customer).toMatchObject({ partnerId: first.partnerId, conversionId: first.conversionId });
    });
  });

  describe('a visitor who clicked two partners', () => {
    const visitorId = newId('visitor');
    const linear = { model: 'linear', windowDays: 30, allowedDomains: ['example.com'] };

    /** A click of the visitor (same cookie) on the partner's link, `hoursAgo` hours ago. */
    async function visitorClick(partnerId: string, hoursAgo: number): Promise<string> {
      const link = await linkFor(api, partnerId);
      const partner = await stack.prisma.partner.findUniqueOrThrow({ where: { id: partnerId } });
      const click = await stack.prisma.click.create({
        data: { id: newId('click'), at: new Date(Date.now() - hoursAgo * 3_600_000), linkId: link.linkId, partnerId, programId: partner.programId, isBot: false, creditable: true, visitorId },
      });
      return click.id;
    }

    it('re-attributes past conversions under another model in a dry run that changes nothing', async () => {
      await visitorClick(ada, 5);
      const lastClick = await visitorClick(cory, 2);
      const recorded = await readJson(await event({ type: 'sale', externalId: 'order-mt', clickId: lastClick, amount: '100.01', currency: 'EUR' }));
      expect(recorded.shares).toEqual([expect.objectContaining({ partnerId: cory, sharePpm: 1_000_000 })]);

      const dryRun = await api('/v1/programs/demo/configs/attribution/dry-run', { method: 'POST', body: JSON.stringify({ document: linear }) });
      expect(dryRun.status).toBe(200);
      const { attribution } = await readJson(dryRun);
      const entry = attribution.conversions.find((c: Json) => c.conversionId === recorded.conversionId);
      expect(entry).toMatchObject({ changed: true, proposed: { model: 'linear' } });
      expect(entry.proposed.shares.map((share: Json) => share.sharePpm)).toEqual([500_000, 500_000]);
      const stored = await stack.prisma.conversionShare.findMany({ where: { conversionId: recorded.conversionId } });
      expect(stored.map((share) => share.sharePpm)).toEqual([1_000_000]);
    });

    it('splits credit and money exactly under linear attribution, with a reason per touch', async () => {
      const saved = await api('/v1/programs/demo/configs/attribution', { method: 'PUT', body: JSON.stringify({ document: linear }) });
      expect(saved.status).toBe(201);
      // The ingestion path reads configs through a cache of a few seconds.
      const recorded = await eventually('the linear model to apply', async () => {
        const clickId = await visitorClick(cory, 1);
        const body = await readJson(await event({ type: 'sale', externalId: `order-lin-${clickId}`, clickId, amount: '100.01', currency: 'EUR' }));
        return body.shares.length > 1 ? body : undefined;
      });
      const ppm = recorded.shares.map((share: Json) => share.sharePpm);
      expect(ppm.reduce((a: number, b: number) => a + b, 0)).toBe(1_000_000);
      const cents = recorded.shares.map((share: Json) => Math.round(Number(share.amount.amount) * 100));
      expect(cents.reduce((a: number, b: number) => a + b, 0)).toBe(10_001);
      const detail = await readJson(await api(`/v1/conversions/${recorded.conversionId}`));
      expect(detail.attribution.model).toBe('linear');
      expect(detail.attribution.candidates.every((candidate: Json) => candidate.reason.length > 0)).toBe(true);
    });
  });
});
