import { FAILURE_CLASSES, FailureClass, HOUR_MS, MINUTE_MS } from './attempt';
import type { AttemptSegment } from './attempt-segment';
import { latencyPercentile } from './latency-histogram';
import { emptyTally, mergeTallyInto, Tally } from './tally';

/** What one rolling window shows. */
export interface WindowFigures {
  windowSeconds: number;
  attempts: number;
  failures: number;
  notCounted: number;
  /** failures / attempts, 0..1; null without counted attempts. */
  errorRate: number | null;
  /** Classes with at least one failure, in `FAILURE_CLASSES` order. */
  failuresByClass: { failureClass: FailureClass; failures: number }[];
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
}

export interface EndpointWindows {
  /** The 60 one-minute slots ending with the minute of `now`. */
  lastHour: WindowFigures;
  /** The 24 one-hour slots ending with the hour of `now` (23 to 24 hours of data). */
  lastDay: WindowFigures;
}

/**
 * Rolling windows at `now`, summed from selected segments (see `selectSegments`). Attempts
 * stamped after `now` (clock skew) are left out until their time comes; slots older than the
 * window drop out as `now` moves, which is how a window expires.
 */
export function windowsAt(segments: readonly Pick<AttemptSegment, 'hourStart' | 'minutes'>[], now: number): EndpointWindows {
  const currentMinute = Math.floor(now / MINUTE_MS);
  const currentHour = Math.floor(now / HOUR_MS);
  const hour = emptyTally();
  const day = emptyTally();
  for (const segment of segments) {
    const segmentHour = Math.floor(segment.hourStart / HOUR_MS);
    const inDay = segmentHour > currentHour - 24 && segmentHour <= currentHour;
    const mayBeInHour = segmentHour >= currentHour - 1 && segmentHour <= currentHour;
    if (!inDay && !mayBeInHour) continue;
    for (const [minute, slot] of Object.entries(segment.minutes)) {
      const absolute = segment.hourStart / MINUTE_MS + Number(minute);
      if (absolute > currentMinute) continue;
      if (inDay) mergeTallyInto(day, slot);
      if (absolute > currentMinute - 60) mergeTallyInto(hour, slot);
    }
  }
  return { lastHour: figuresOf(hour, 3600), lastDay: figuresOf(day, 86_400) };
}

export function figuresOf(tally: Tally, windowSeconds: number): WindowFigures {
  return {
    windowSeconds,
    attempts: tally.attempts,
    failures: tally.failures,
    notCounted: tally.notCounted,
    errorRate: tally.attempts === 0 ? null : tally.failures / tally.attempts,
    failuresByClass: FAILURE_CLASSES.filter((c) => (tally.byClass[c] ?? 0) > 0).map((c) => ({ failureClass: c, failures: tally.byClass[c]! })),
    latencyP50Ms: latencyPercentile(tally.latency, 0.5),
    latencyP95Ms: latencyPercentile(tally.latency, 0.95),
  };
}
