import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { ActivityOccurrence, PartnerActivityNotifier } from '../partners/partner-activity.notifier';
import type { ClickRecorder, CommittedClicksListener } from './click-recorder';
import { FIRST_CLICK_RETRY_AFTER_MS, FirstClickSignals } from './first-click-signals';
import type { ClickRow } from './tracking.repository';

const click = (id: string, partnerId: string, creditable = true, at = new Date('2026-11-22T10:00:00Z')): ClickRow => ({
  id,
  at,
  linkId: 'lnk_1',
  partnerId,
  programId: 'prg_1',
  isBot: !creditable,
  creditable,
});

/** FirstClickSignals fed committed batches by hand, with a notifier that answers when told. */
function setup() {
  let commit: CommittedClicksListener = () => undefined;
  const recorder = { onCommitted: (listener: CommittedClicksListener) => (commit = listener) } as unknown as ClickRecorder;
  const calls: ActivityOccurrence[][] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  const notifier = {
    notifyFirst: async (event: string, occurrences: ActivityOccurrence[]) => {
      expect(event).toBe('first_click');
      calls.push(occurrences);
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
    },
  } as unknown as PartnerActivityNotifier;
  const deadlines: number[] = [];
  const temporal = {
    connection: {
      withDeadline: <T>(deadline: number, call: () => Promise<T>) => {
        deadlines.push(deadline);
        return call();
      },
    },
  } as unknown as Client;
  const signals = new FirstClickSignals(recorder, notifier, temporal);
  signals.onModuleInit();
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return {
    signals,
    calls,
    deadlines,
    commit: (rows: ClickRow[]) => commit(rows),
    settle,
    hold: (value: boolean) => (hold = value),
    releaseAll: () => pending.splice(0).forEach((resume) => resume()),
  };
}

describe('FirstClickSignals', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => jest.useRealTimers());

  it("notifies each partner's earliest creditable click of a batch, never a bot's or a paused partner's", async () => {
    const { calls, commit, settle } = setup();
    commit([click('clk_bot', 'ptn_a', false), click('clk_a1', 'ptn_a'), click('clk_a2', 'ptn_a'), click('clk_b1', 'ptn_b'), click('clk_c', 'ptn_c', false)]);
    await settle();
    expect(calls).toEqual([
      [
        { partnerId: 'ptn_a', at: new Date('2026-11-22T10:00:00Z'), sourceId: 'clk_a1' },
        { partnerId: 'ptn_b', at: new Date('2026-11-22T10:00:00Z'), sourceId: 'clk_b1' },
      ],
    ]);
  });

  it('skips partners whose first click is known, and retries the others only after a pause', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { signals, calls, commit, settle } = setup();
    signals.alreadyHasFirstClick('ptn_known');
    commit([click('clk_1', 'ptn_known'), click('clk_2', 'ptn_new')]);
    await settle();
    commit([click('clk_3', 'ptn_new')]);
    await settle();
    expect(calls.flat().map((o) => o.sourceId)).toEqual(['clk_2']);

    jest.advanceTimersByTime(FIRST_CLICK_RETRY_AFTER_MS + 1);
    commit([click('clk_4', 'ptn_new')]);
    await settle();
    expect(calls.flat().map((o) => o.sourceId)).toEqual(['clk_2', 'clk_4']);
  });

  it('bounds every notification with a deadline, and waits for those under way at shutdown', async () => {
    const { signals, calls, deadlines, commit, settle, hold, releaseAll } = setup();
    hold(true);
    commit([click('clk_1', 'ptn_a')]);
    await settle();
    expect(deadlines).toEqual([expect.any(Number)]);
    expect(deadlines[0] - Date.now()).toBeGreaterThan(1_000);
    let stopped = false;
    const shutdown = signals.onApplicationShutdown().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    releaseAll();
    await shutdown;
    commit([click('clk_2', 'ptn_b')]);
    await settle();
    expect(calls).toHaveLength(1);
  });

  it('runs at most two notifications at once and queues the rest, one entry per partner', async () => {
    const { calls, commit, settle, hold, releaseAll } = setup();
    hold(true);
    const partners = Array.from({ length: 120 }, (_, i) => `ptn_${i}`);
    commit(partners.map((partnerId, i) => click(`clk_${i}`, partnerId)));
    commit(partners.map((partnerId, i) => click(`clk_again_${i}`, partnerId)));
    await settle();
    expect(calls.map((batch) => batch.length)).toEqual([50, 50]);
    hold(false);
    releaseAll();
    await settle();
    await settle();
    expect(calls.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(new Set(calls.flat().map((o) => o.partnerId)).size).toBe(120);
  });
});
