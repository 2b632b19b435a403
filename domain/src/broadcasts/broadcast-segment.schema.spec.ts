import { broadcastSegmentSchema, REACHABLE_STAGES } from './broadcast-segment.schema';

describe('broadcast segments', () => {
  const issues = (segment: object) => broadcastSegmentSchema.safeParse(segment).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

  it('reaches approved, not paused partners unless stages are named', () => {
    expect(broadcastSegmentSchema.parse({})).toEqual({ stages: REACHABLE_STAGES });
    expect(broadcastSegmentSchema.parse({ stages: ['PAUSED'], countries: ['de'] })).toEqual({ stages: ['PAUSED'], countries: ['DE'] });
  });

  it('validates performance bands: bounds given, ordered, amounts exact in their currency', () => {
    expect(broadcastSegmentSchema.parse({ performance: [{ metric: 'commission', days: 30, currency: 'EUR', min: '100.00' }] }).performance).toEqual([
      { metric: 'commission', days: 30, currency: 'EUR', min: '100' },
    ]);
    expect(issues({ performance: [{ metric: 'conversions', days: 30 }] })).toEqual(['performance.0.min: give min, max or both']);
    expect(issues({ performance: [{ metric: 'conversions', days: 30, min: 5, max: 2 }] })).toEqual(['performance.0.min: must not exceed max']);
    expect(issues({ performance: [{ metric: 'commission', days: 30, currency: 'JPY', min: '10.5' }] })).toEqual([
      'performance.0.min: must be a whole number: JPY has no minor unit',
    ]);
    expect(issues({ performance: [{ metric: 'clicks', days: 30, min: 1 }] })?.[0]).toMatch(/^performance\.0\.metric/);
  });

  it('refuses unknown fields and values', () => {
    expect(issues({ tier: 'gold' })?.[0]).toMatch(/Unrecognized key/);
    expect(issues({ types: ['blogger'] })?.[0]).toMatch(/^types\.0/);
  });
});
