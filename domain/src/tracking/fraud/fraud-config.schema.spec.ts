import { DEFAULT_FRAUD_CONFIG, fraudConfigSchema } from './fraud-config.schema';

describe('fraudConfigSchema', () => {
  it('defaults every field', () => {
    expect(DEFAULT_FRAUD_CONFIG).toEqual({
      minClickToConversionSeconds: 10,
      maxConversionsPerIpPerDay: 3,
      maxConversionsPerDevicePerDay: 3,
      spike: { factor: 3, minConversions: 5, baselineDays: 28 },
      listedIpRanges: [],
    });
  });

  it('fills in a partly given spike section', () => {
    expect(fraudConfigSchema.parse({ spike: { factor: 2.5 } }).spike).toEqual({ factor: 2.5, minConversions: 5, baselineDays: 28 });
  });

  it('trims listed ranges and accepts both families', () => {
    const config = fraudConfigSchema.parse({ listedIpRanges: [' 203.0.113.0/24 ', '2001:db8::/32'] });
    expect(config.listedIpRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
  });

  it('names a bad range by its index, with the reason', () => {
    const result = fraudConfigSchema.safeParse({ listedIpRanges: ['10.0.0.0/8', '10.0.0.1/8', '300.1.1.1/8'] });
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['listedIpRanges.1', '"10.0.0.1/8" has bits set after the first 8: did you mean "10.0.0.0/8"?'],
      ['listedIpRanges.2', '"300.1.1.1/8" is not a CIDR range such as "203.0.113.0/24" or "2001:db8::/32"'],
    ]);
  });

  it.each([
    [{ minClickToConversionSeconds: -1 }, 'minClickToConversionSeconds'],
    [{ maxConversionsPerIpPerDay: 0 }, 'maxConversionsPerIpPerDay'],
    [{ maxConversionsPerDevicePerDay: 1.5 }, 'maxConversionsPerDevicePerDay'],
    [{ spike: { factor: 0.5 } }, 'spike.factor'],
    [{ spike: { baselineDays: 0 } }, 'spike.baselineDays'],
    [{ spike: { typo: 1 } }, 'spike'],
    [{ maxConversionsPerIp: 3 }, ''],
  ])('rejects %j at %j', (input, path) => {
    const result = fraudConfigSchema.safeParse(input);
    expect(result.error?.issues[0].path.join('.')).toBe(path);
  });

  it('describes every field for the config editor', () => {
    const { shape } = fraudConfigSchema;
    for (const field of Object.values(shape)) expect(field.description).toBeTruthy();
  });
});
