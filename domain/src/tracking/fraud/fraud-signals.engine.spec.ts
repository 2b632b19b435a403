import fc from 'fast-check';
import { DEFAULT_FRAUD_CONFIG, fraudConfigSchema, type FraudConfigInput } from './fraud-config.schema';
import type { FraudFacts, FraudFlagCode } from './fraud-flag.schema';
import { evaluateFraudSignals } from './fraud-signals.engine';

const conversionAt = new Date('2025-03-10T12:00:00Z');

/** An unremarkable conversion: no check has anything to say about it. */
function facts(overrides: Partial<FraudFacts> = {}): FraudFacts {
  return {
    conversionAt,
    customer: { email: 'bob@example.com', ip: '192.0.2.10', ipHash: 'hash-customer' },
    partner: { id: 'ptn_1', email: 'ann@example.com', knownIpHashes: ['hash-partner'] },
    winningClickAt: new Date(conversionAt.getTime() - 3_600_000),
    conversionsFromIpLast24h: 0,
    conversionsFromDeviceLast24h: 0,
    partnerConversionsLast24h: 1,
    partnerConversionsBaseline: { days: 28, count: 28 },
    ...overrides,
  };
}

const config = (input: FraudConfigInput = {}) => fraudConfigSchema.parse(input);
const codes = (flags: { code: FraudFlagCode }[]) => flags.map((flag) => flag.code);
const flagsFor = (overrides: Partial<FraudFacts>, input?: FraudConfigInput) => evaluateFraudSignals(facts(overrides), config(input));

describe('evaluateFraudSignals', () => {
  it('flags nothing for an ordinary conversion, or when no facts were gathered', () => {
    expect(flagsFor({})).toEqual([]);
    expect(evaluateFraudSignals({ conversionAt, customer: {}, partner: { id: 'p', email: 'a@b.co', knownIpHashes: [] } }, DEFAULT_FRAUD_CONFIG)).toEqual([]);
  });

  it('self_referral: the partner\'s own mailbox or a known IP hash', () => {
    const [flag] = flagsFor({ customer: { email: 'Ann+deal@example.com' } });
    expect(flag).toEqual({ code: 'self_referral', message: "The customer's email is the partner's own.", evidence: { matchedOn: 'email' } });
    expect(codes(flagsFor({ customer: { ipHash: 'hash-partner' } }))).toEqual(['self_referral']);
  });

  describe('fast_conversion (minimum 10 s)', () => {
    const clickedSecondsBefore = (seconds: number) => ({ winningClickAt: new Date(conversionAt.getTime() - seconds * 1000) });

    it.each([
      [9.999, true],
      [10, false],
      [11, false],
    ])('%p s after the click: flagged %p', (seconds, flagged) => {
      expect(codes(flagsFor(clickedSecondsBefore(seconds)))).toEqual(flagged ? ['fast_conversion'] : []);
    });

    it('reports the numbers, and a conversion before its click', () => {
      expect(flagsFor(clickedSecondsBefore(4))[0]).toMatchObject({
        message: 'Converted 4 s after its winning click; anything under 10 s is reviewed.',
        evidence: { secondsAfterClick: 4, minClickToConversionSeconds: 10 },
      });
      expect(flagsFor(clickedSecondsBefore(-2))[0].message).toContain('2 s before its winning click');
    });

    it('is skipped without a winning click, or when set to 0', () => {
      expect(flagsFor({ winningClickAt: undefined })).toEqual([]);
      expect(flagsFor(clickedSecondsBefore(0), { minClickToConversionSeconds: 0 })).toEqual([]);
    });
  });

  describe.each([
    ['ip_velocity', 'conversionsFromIpLast24h', 'maxConversionsPerIpPerDay', 'customer IP'],
    ['device_velocity', 'conversionsFromDeviceLast24h', 'maxConversionsPerDevicePerDay', 'device'],
  ] as const)('%s (at most 3 a day, counting this one)', (code, fact, setting, source) => {
    it.each([
      [1, false],
      [2, false],
      [3, true],
    ])('%p others before it: flagged %p', (others, flagged) => {
      expect(codes(flagsFor({ [fact]: others }))).toEqual(flagged ? [code] : []);
    });

    it('follows the configured maximum and reports the numbers', () => {
      expect(flagsFor({ [fact]: 5 }, { [setting]: 6 })).toEqual([]);
      expect(flagsFor({ [fact]: 6 }, { [setting]: 6 })[0]).toEqual({
        code,
        message: `7 conversions from this ${source} in 24 hours; more than 6 is suspicious.`,
        evidence: { conversionsLast24h: 7, maxPerDay: 6 },
      });
    });
  });

  describe('conversion_spike (factor 3, at least 5)', () => {
    // A daily average of 2 over 28 days: the spike threshold is 6 conversions.
    const day = (conversions: number, baseline = { days: 28, count: 56 }) => ({
      partnerConversionsLast24h: conversions - 1,
      partnerConversionsBaseline: baseline,
    });

    it.each([
      [5, false],
      [6, false],
      [7, true],
    ])('%p conversions today against 2 a day: flagged %p', (conversions, flagged) => {
      expect(codes(flagsFor(day(conversions)))).toEqual(flagged ? ['conversion_spike'] : []);
    });

    it('never flags a day below minConversions, even against a zero average', () => {
      expect(flagsFor(day(4, { days: 28, count: 0 }))).toEqual([]);
      expect(codes(flagsFor(day(5, { days: 28, count: 0 })))).toEqual(['conversion_spike']);
    });

    it('a partner with no baseline yet is flagged from minConversions on', () => {
      expect(flagsFor(day(4, { days: 0, count: 0 }))).toEqual([]);
      const [flag] = flagsFor(day(5, { days: 0.5, count: 3 }));
      expect(flag.message).toContain('no baseline yet');
      expect(flag.evidence).toMatchObject({ conversionsLast24h: 5, minConversions: 5 });
    });

    it('reports the average it compared against', () => {
      expect(flagsFor(day(9, { days: 3, count: 2 }))[0]).toMatchObject({
        message: '9 conversions in 24 hours against a daily average of 0.67 over the previous 3 days (more than 3×).',
        evidence: { conversionsLast24h: 9, dailyAverage: 0.67, factor: 3, baselineDays: 3, baselineConversions: 2 },
      });
    });

    it('is skipped without both counts', () => {
      expect(flagsFor({ ...day(50), partnerConversionsBaseline: undefined })).toEqual([]);
    });
  });

  describe('listed_ip_range', () => {
    const listed = { listedIpRanges: ['192.0.2.0/24', '2001:db8::/32'] };

    it('flags a customer IP in a listed range, naming the range', () => {
      expect(flagsFor({}, listed)[0]).toEqual({
        code: 'listed_ip_range',
        message: "The customer's IP is in the listed data-centre or anonymising range 192.0.2.0/24.",
        evidence: { source: 'conversion', range: '192.0.2.0/24' },
      });
      expect(codes(flagsFor({ customer: { ip: '::ffff:192.0.2.200' } }, listed))).toEqual(['listed_ip_range']);
    });

    it('flags a click judged listed at redirect time, and says when both were', () => {
      expect(flagsFor({ clickFromListedRange: true, customer: { ip: '198.51.100.1' } }, listed)[0].evidence).toEqual({ source: 'click' });
      expect(flagsFor({ clickFromListedRange: true }, listed)[0].evidence).toEqual({ source: 'click and conversion', range: '192.0.2.0/24' });
    });

    it('ignores addresses outside the ranges and unreadable ones', () => {
      expect(flagsFor({ customer: { ip: '192.0.3.1' } }, listed)).toEqual([]);
      expect(flagsFor({ customer: { ip: 'unknown' } }, listed)).toEqual([]);
    });
  });

  it('lists several flags in code order', () => {
    const flags = flagsFor(
      { customer: { email: 'ann@example.com', ip: '192.0.2.1' }, conversionsFromIpLast24h: 9, winningClickAt: conversionAt },
      { listedIpRanges: ['192.0.2.0/24'] },
    );
    expect(codes(flags)).toEqual(['self_referral', 'fast_conversion', 'ip_velocity', 'listed_ip_range']);
  });

  it('more conversions from an IP never clears its flag (property)', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.integer({ min: 1, max: 100 }), (others, more, maximum) => {
        const flagged = (count: number) => codes(flagsFor({ conversionsFromIpLast24h: count }, { maxConversionsPerIpPerDay: maximum })).includes('ip_velocity');
        expect(flagged(others)).toBe(others + 1 > maximum);
        if (flagged(others)) expect(flagged(others + more)).toBe(true);
      }),
    );
  });
});
