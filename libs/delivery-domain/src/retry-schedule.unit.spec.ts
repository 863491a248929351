import fc from 'fast-check';
import { DEFAULT_RETRY_POLICY, DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay, parseRetryAfter, parseRetrySchedule, retryWindowMs } from './retry-schedule';

describe('retry schedule', () => {
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h by default: eight attempts over about a day', () => {
    expect(parseRetrySchedule('5s,5m,30m,2h,5h,10h,10h')).toEqual([...DEFAULT_RETRY_SCHEDULE_MS]);
    const hours = DEFAULT_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0) / 3_600_000;
    expect(hours).toBeCloseTo(27.59, 1);
    expect(retryWindowMs(DEFAULT_RETRY_POLICY) / 3_600_000).toBeCloseTo(33.1, 1);
  });

  it('parses ms, s, m and h and refuses anything else, naming the position', () => {
    expect(parseRetrySchedule('250ms, 1s ,1.5m')).toEqual([250, 1000, 90_000]);
    expect(parseRetrySchedule('')).toEqual([]);
    expect(() => parseRetrySchedule('5s,soon')).toThrow('retrySchedule[1] must be a number followed by ms, s, m or h');
    expect(() => parseRetrySchedule('0s')).toThrow('retrySchedule[0] must be positive');
  });

  it('given failure n, waits schedule[n-1]; after the last one the delivery is exhausted', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitterRatio: 0 };
    expect(DEFAULT_RETRY_SCHEDULE_MS.map((_, i) => nextRetryDelay(policy, i + 1, 0.5))).toEqual([...DEFAULT_RETRY_SCHEDULE_MS]);
    expect(nextRetryDelay(policy, DEFAULT_RETRY_SCHEDULE_MS.length + 1, 0.5)).toBeNull();
  });

  it('jitter stays within ±ratio of the scheduled delay for every draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failure, draw) => {
        const base = DEFAULT_RETRY_SCHEDULE_MS[failure - 1]!;
        const delay = nextRetryDelay(DEFAULT_RETRY_POLICY, failure, draw)!;
        return delay >= Math.floor(base * 0.8) && delay <= Math.ceil(base * 1.2);
      }),
    );
    expect(nextRetryDelay(DEFAULT_RETRY_POLICY, 1, 0)).toBe(4_000);
    expect(nextRetryDelay(DEFAULT_RETRY_POLICY, 1, 0.5)).toBe(5_000);
  });

  it('honours a Retry-After longer than the schedule, up to the cap, and never retries earlier than scheduled', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, jitterRatio: 0, retryAfterCapMs: 60_000 };
    expect(nextRetryDelay(policy, 1, 0.5, 30_000)).toBe(30_000);
    expect(nextRetryDelay(policy, 1, 0.5, 3_600_000)).toBe(60_000);
    expect(nextRetryDelay(policy, 1, 0.5, 1_000)).toBe(5_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2025-03-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
