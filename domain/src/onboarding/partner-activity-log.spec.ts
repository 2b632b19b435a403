import fc from 'fast-check';
import type { PartnerActivity } from '../workflows/partner-lifecycle.messages';
import { recordPartnerActivity } from './partner-activity-log';
import type { PartnerActivityLog } from './onboarding-drip.state';

const click = (at: string, sourceId = 'clk_1'): PartnerActivity => ({ event: 'first_click', at, sourceId });

describe('recordPartnerActivity', () => {
  it('keeps the first report of each event with the time it arrived', () => {
    const first = recordPartnerActivity({}, click('2026-03-02T10:00:00Z'), '2026-03-02T10:00:05.000Z');
    expect(first).toEqual({
      outcome: 'recorded',
      log: { first_click: { at: '2026-03-02T10:00:00.000Z', sourceId: 'clk_1', receivedAt: '2026-03-02T10:00:05.000Z' } },
    });
    const conversion = recordPartnerActivity(first.log, { event: 'first_conversion', at: '2026-03-03T00:00:00Z', sourceId: 'cnv_1' }, 'later');
    expect(Object.keys(conversion.log)).toEqual(['first_click', 'first_conversion']);
  });

  it('changes nothing on a repeat; an earlier report moves the time, never when the workflow first heard of it', () => {
    const { log } = recordPartnerActivity({}, click('2026-03-02T10:00:00Z'), '2026-03-02T10:00:05.000Z');
    expect(recordPartnerActivity(log, click('2026-03-02T10:00:00Z'), 'x')).toEqual({ outcome: 'unchanged', log });
    expect(recordPartnerActivity(log, click('2026-03-05T00:00:00Z', 'clk_2'), 'x')).toEqual({ outcome: 'unchanged', log });
    expect(recordPartnerActivity(log, click('2026-03-01T00:00:00Z', 'clk_0'), 'x')).toEqual({
      outcome: 'moved_earlier',
      log: { first_click: { at: '2026-03-01T00:00:00.000Z', sourceId: 'clk_0', receivedAt: '2026-03-02T10:00:05.000Z' } },
    });
  });

  it('ignores, saying why, an unknown event or a time it cannot read', () => {
    const log: PartnerActivityLog = {};
    expect(recordPartnerActivity(log, { event: 'first_payout', at: '2026-03-01T00:00:00Z', sourceId: 'x' } as unknown as PartnerActivity, 'x')).toEqual({
      outcome: 'ignored',
      log,
      reason: 'unknown event "first_payout"',
    });
    expect(recordPartnerActivity(log, click('yesterday'), 'x')).toMatchObject({ outcome: 'ignored', reason: 'first_click without a valid time ("yesterday")' });
  });

  it('ends with the earliest report whatever the order and repetition of the signals', () => {
    const times = fc.array(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(times, (reported) => {
        let log: PartnerActivityLog = {};
        reported.forEach((ms, index) => {
          log = recordPartnerActivity(log, click(new Date(ms).toISOString(), `clk_${ms}`), `arrival-${index}`).log;
        });
        const earliest = Math.min(...reported);
        expect(log.first_click).toEqual({ at: new Date(earliest).toISOString(), sourceId: `clk_${earliest}`, receivedAt: 'arrival-0' });
      }),
    );
  });
});
