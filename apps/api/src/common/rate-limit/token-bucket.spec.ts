import { takeToken, type BucketState } from './token-bucket';

describe('takeToken', () => {
  const spec = { capacity: 3, perSeconds: 60 }; // 3 at once, one back every 20 s

  function run(times: number[]): { allowed: boolean; retryAfterSeconds: number }[] {
    let state: BucketState | undefined;
    return times.map((at) => {
      const result = takeToken(state, spec, at);
      state = result.state;
      return result.decision;
    });
  }

  it('allows a burst of the capacity, then refuses with the wait until the next token', () => {
    expect(run([0, 0, 0, 0])).toEqual([
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: true, retryAfterSeconds: 0 },
      { allowed: false, retryAfterSeconds: 20 },
    ]);
  });

  it('refills evenly and never above the capacity', () => {
    const decisions = run([0, 0, 0, 10_000, 20_000, 20_001, 3_600_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false, true, false, true, true, true, false]);
    expect(decisions[3].retryAfterSeconds).toBe(10);
  });

  it('does not charge a refused request, so a hammering client gets in as soon as the rate allows', () => {
    const decisions = run([0, 0, 0, ...Array.from({ length: 50 }, (_, i) => 1_000 + i * 100), 20_000]);
    expect(decisions.at(-1)).toEqual({ allowed: true, retryAfterSeconds: 0 });
  });
});
