import { ValidationError } from '@bakuun/errors';

/**
 * Delays between attempts, after the first one fails: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
 * Eight attempts over about 27.6 hours (before jitter), so a receiver that is down for a whole
 * day still gets everything once it is back; after the eighth failure the delivery is
 * EXHAUSTED (kept, replayable with ReplaySince while the message is retained).
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/** Each delay is drawn uniformly from [delay × (1 − ratio), delay × (1 + ratio)], so receivers that recover at once are not hit by a synchronised wave. */
export const DEFAULT_JITTER_RATIO = 0.2;

/** A Retry-After on 429/503 is honoured up to this cap; longer requests wait the cap. */
export const DEFAULT_RETRY_AFTER_CAP_MS = 3_600_000;

export interface RetryPolicy {
  /** Delay before retry n (1-based) is `schedule[n - 1]`; a failure when none is left exhausts the delivery. */
  readonly schedule: readonly number[];
  /** 0..1. */
  readonly jitterRatio: number;
  readonly retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { schedule: DEFAULT_RETRY_SCHEDULE_MS, jitterRatio: DEFAULT_JITTER_RATIO, retryAfterCapMs: DEFAULT_RETRY_AFTER_CAP_MS };

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `5s,5m,30m,2h,5h,10h,10h` (units ms, s, m, h) into milliseconds; an empty list means "never retry". */
export function parseRetrySchedule(text: string, field = 'retrySchedule'): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((part, index) => {
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part.trim());
    if (!match) throw new ValidationError('DELIVERY.RETRY_SCHEDULE_INVALID', `${field}[${index}] must be a number followed by ms, s, m or h`, { field });
    const ms = Math.round(Number(match[1]) * UNITS[match[2]!]!);
    if (ms <= 0) throw new ValidationError('DELIVERY.RETRY_SCHEDULE_INVALID', `${field}[${index}] must be positive`, { field });
    return ms;
  });
}

/**
 * The delay before the next attempt after `failuresInRound` consecutive failures (1 = the first
 * attempt failed), or null when the schedule is used up. `random01` is a uniform draw in [0, 1)
 * from a port, so the jitter is testable. A Retry-After (429/503) delays the retry at least that
 * long, up to the cap: we never come back earlier than the receiver asked, unless it asked for
 * more than the cap.
 */
export function nextRetryDelay(policy: RetryPolicy, failuresInRound: number, random01: number, retryAfterMs?: number): number | null {
  const base = policy.schedule[failuresInRound - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 + policy.jitterRatio * (2 * random01 - 1)));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.retryAfterCapMs));
}

/** The longest time a delivery can stay in retries: the sum of the delays at maximum jitter. */
export function retryWindowMs(policy: RetryPolicy): number {
  return policy.schedule.reduce((sum, d) => sum + Math.round(d * (1 + policy.jitterRatio)), 0);
}

/**
 * Retry-After as seconds (`120`) or an HTTP date, in milliseconds from `now`; undefined when
 * absent or unparseable. A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, at - now.getTime());
}
