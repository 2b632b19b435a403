import { attributionConfigSchema, DomainError, newId, type AttributionConfigInput, type PartnerStage } from '@partnerflow/domain';
import type { AttributionSettings } from '../attribution-settings';
import type { ClickRecorder } from '../click-recorder';
import type { FirstClickSignals } from '../first-click-signals';
import type { ClickRow, LinkWithPartnerStage, TrackingRepository } from '../tracking.repository';
import { VisitorIpHasher } from '../visitor-ip-hasher';
import { FollowLinkUseCase, type Visit } from './follow-link.use-case';
import { ApiMetrics } from '../../metrics/api-metrics';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

function link(stage: PartnerStage, firstClickAt: Date | null = null): LinkWithPartnerStage {
  return {
    id: 'lnk_1',
    slug: 'AbCd1234',
    programId: 'prg_1',
    partnerId: 'ptn_1',
    destination: 'https://example.com/p?x=1#top',
    campaign: null,
    sub1: 'default-1',
    sub2: 'default-2',
    sub3: null,
    sub4: null,
    sub5: null,
    createdAt: new Date(),
    partner: { stage, firstClickAt },
  };
}

/** The use case over fakes: one link, the given attribution config, a recorder that keeps rows. */
function setup(options: { stage?: PartnerStage; firstClickAt?: Date | null; config?: AttributionConfigInput } = {}) {
  const recorded: ClickRow[] = [];
  const knownFirstClicks: string[] = [];
  const tracking = { findLinkBySlug: async (slug: string) => (slug === 'AbCd1234' ? link(options.stage ?? 'ACTIVE', options.firstClickAt) : null) };
  const attribution = { forProgram: async () => ({ config: attributionConfigSchema.parse(options.config ?? {}), version: 1, problems: [] }) };
  const recorder = { record: async (row: ClickRow) => void recorded.push(row) };
  const firstClicks = { alreadyHasFirstClick: (partnerId: string) => knownFirstClicks.push(partnerId) };
  const metrics = new ApiMetrics();
  const useCase = new FollowLinkUseCase(
    tracking as unknown as TrackingRepository,
    attribution as unknown as AttributionSettings,
    recorder as unknown as ClickRecorder,
    new VisitorIpHasher({ DATABASE_URL: 'postgresql://u@db/x', CLICK_IP_SALT: undefined }),
    firstClicks as unknown as FirstClickSignals,
    metrics,
  );
  return { useCase, recorded, knownFirstClicks, metrics };
}

const visit = (overrides: Partial<Visit> = {}): Visit => ({
  ip: '203.0.113.9',
  userAgent: BROWSER,
  referrer: undefined,
  country: null,
  subIds: {},
  ...overrides,
});

describe('FollowLinkUseCase', () => {
  it('records the click with the link defaults under the sub ids of the visit, and redirects with both cookies', async () => {
    const { useCase, recorded } = setup({ config: { clickIdParam: 'ref', cookieName: 'shop', windowDays: 7 } });
    const redirect = await useCase.execute('AbCd1234', visit({ subIds: { sub1: 'from-query' } }));
    const [row] = recorded;
    expect(row).toMatchObject({ id: redirect.clickId, linkId: 'lnk_1', sub1: 'from-query', sub2: 'default-2', sub3: null, isBot: false, creditable: true, fromListedRange: false });
    expect(redirect.location).toBe(`https://example.com/p?x=1&ref=${redirect.clickId}#top`);
    expect(redirect.cookies).toEqual([
      { name: 'shop', value: redirect.clickId, maxAgeSeconds: 7 * 86_400 },
      { name: 'shop_v', value: row.visitorId, maxAgeSeconds: 7 * 86_400 },
    ]);
  });

  it('keeps the visitor id the browser sent', async () => {
    const { useCase, recorded } = setup();
    const visitorId = newId('visitor');
    const redirect = await useCase.execute('AbCd1234', visit({ cookieHeader: `pf_click_v=${visitorId}` }));
    expect(recorded[0].visitorId).toBe(visitorId);
    expect(redirect.cookies[1].value).toBe(visitorId);
  });

  it("marks clicks from the program's listed IP ranges, judged on the raw address", async () => {
    const { useCase, recorded } = setup({ config: { fraud: { listedIpRanges: ['203.0.113.0/24', '2001:db8::/32'] } } });
    for (const ip of ['203.0.113.9', '::ffff:203.0.113.200', '2001:db8::5', '198.51.100.1', undefined]) {
      await useCase.execute('AbCd1234', visit({ ip }));
    }
    expect(recorded.map((row) => row.fromListedRange)).toEqual([true, true, true, false, false]);
  });

  it('credits neither bots nor partners out of good standing, and still redirects them', async () => {
    const bots = setup();
    await bots.useCase.execute('AbCd1234', visit({ userAgent: 'curl/8.5.0' }));
    expect(bots.recorded[0]).toMatchObject({ isBot: true, creditable: false });
    const paused = setup({ stage: 'PAUSED' });
    await paused.useCase.execute('AbCd1234', visit());
    expect(paused.recorded[0]).toMatchObject({ isBot: false, creditable: false });
    const credited = setup();
    await credited.useCase.execute('AbCd1234', visit());
    const outcomes = async (metrics: ApiMetrics) => (await metrics.clicks.get()).values.map((v) => [v.labels.outcome, v.value]);
    expect(await outcomes(bots.metrics)).toEqual([['bot', 1]]);
    expect(await outcomes(paused.metrics)).toEqual([['not_credited', 1]]);
    expect(await outcomes(credited.metrics)).toEqual([['credited', 1]]);
  });

  it('tells the first-click signals about a partner whose first click is already recorded', async () => {
    const fresh = setup();
    await fresh.useCase.execute('AbCd1234', visit());
    expect(fresh.knownFirstClicks).toEqual([]);
    const known = setup({ firstClickAt: new Date() });
    await known.useCase.execute('AbCd1234', visit());
    expect(known.knownFirstClicks).toEqual(['ptn_1']);
  });

  it('answers NOT_FOUND for an unknown or malformed slug without recording anything', async () => {
    const { useCase, recorded } = setup();
    for (const slug of ['Zz9Zz9Zz', 'no.such-slug']) {
      await expect(useCase.execute(slug, visit())).rejects.toMatchObject({ constructor: DomainError, code: 'NOT_FOUND' });
    }
    expect(recorded).toEqual([]);
  });
});
