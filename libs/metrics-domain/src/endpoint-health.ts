import type { FailureClass } from './attempt';
import { AutoSuspendPolicy, criterionMet, describeRun, EXEMPTION_TEXT, Exemption, FailingRun } from './auto-suspend.policy';
import type { EndpointWindows } from './window-figures';

export type HealthState = 'UNSPECIFIED' | 'HEALTHY' | 'DEGRADED' | 'FAILING' | 'WARNING';

export interface HealthThresholds {
  /** Counted attempts a window needs before it may call an endpoint degraded or failing. @defaultValue 10 */
  minAttempts: number;
  /** Error rate from which an endpoint is degraded. @defaultValue 0.1 */
  degradedRate: number;
}

export interface HealthAssessment {
  state: HealthState;
  summary: string;
}

/**
 * The state shown beside the figures.
 * - UNSPECIFIED: no counted attempt in the last 24 hours.
 * - FAILING: the auto-suspend criterion is met, or every attempt of the last hour failed (at
 *   least `minAttempts` of them). An endpoint the policy never suspends (BOOKING, inbound) is
 *   WARNING instead: failing, and a person must decide.
 * - DEGRADED: the error rate of the last hour or of the last 24 hours is at least
 *   `degradedRate`, over at least `minAttempts` attempts.
 * - HEALTHY otherwise.
 */
export function assessHealth(input: { windows: EndpointWindows; run: FailingRun | null; policy: AutoSuspendPolicy; exemption: Exemption | null; thresholds: HealthThresholds }): HealthAssessment {
  const { lastHour, lastDay } = input.windows;
  const failingState: HealthState = input.exemption ? 'WARNING' : 'FAILING';
  const suffix = input.exemption ? `; ${EXEMPTION_TEXT[input.exemption]}` : '';
  if (criterionMet(input.run, input.policy)) return { state: failingState, summary: `${describeRun(input.run)}${suffix}` };
  if (lastDay.attempts === 0) return { state: 'UNSPECIFIED', summary: 'no counted attempt in the last 24 hours' };
  const { minAttempts, degradedRate } = input.thresholds;
  if (lastHour.attempts >= minAttempts && lastHour.failures === lastHour.attempts) {
    return { state: failingState, summary: `every attempt of the last hour failed (${lastHour.attempts})${suffix}` };
  }
  if (lastHour.attempts >= minAttempts && (lastHour.errorRate ?? 0) >= degradedRate) {
    return { state: 'DEGRADED', summary: `${percent(lastHour.errorRate!)} of ${lastHour.attempts} attempts failed in the last hour` };
  }
  if (lastDay.attempts >= minAttempts && (lastDay.errorRate ?? 0) >= degradedRate) {
    return { state: 'DEGRADED', summary: `${percent(lastDay.errorRate!)} of ${lastDay.attempts} attempts failed in the last 24 hours` };
  }
  return { state: 'HEALTHY', summary: `${percent(lastDay.errorRate ?? 0)} of ${lastDay.attempts} attempts failed in the last 24 hours` };
}

function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toString()} %`;
}

/** The figures a health event carries, as far as deciding whether to publish goes. */
export interface PublishedFigures {
  computedAt: number;
  state: HealthState;
  errorRate1h: number | null;
  errorRate24h: number | null;
  attempts1h: number;
  attempts24h: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastFailureClass: FailureClass | null;
}

export interface PublishThresholds {
  /** Absolute change of either error rate that is material on its own. @defaultValue 0.01 (one percentage point) */
  rateDelta: number;
  /** After this long, any change at all is published, so counts and last times stay fresh. @defaultValue 5 minutes */
  refreshMs: number;
}

/**
 * Whether new figures differ materially from the last published ones: first figures; another
 * state; an error rate appearing or disappearing (attempts entering an empty window or the
 * last ones expiring); either rate moving by `rateDelta` or more; or, once `refreshMs` has
 * passed since the last publication, any change of counts, rates or last success/failure.
 */
export function isMaterialChange(previous: PublishedFigures | null, next: PublishedFigures, thresholds: PublishThresholds): boolean {
  if (!previous) return true;
  if (previous.state !== next.state) return true;
  for (const [a, b] of [
    [previous.errorRate1h, next.errorRate1h],
    [previous.errorRate24h, next.errorRate24h],
  ] as const) {
    if ((a === null) !== (b === null)) return true;
    if (a !== null && b !== null && Math.abs(a - b) >= thresholds.rateDelta - 1e-12) return true;
  }
  if (next.computedAt - previous.computedAt < thresholds.refreshMs) return false;
  return (
    previous.attempts1h !== next.attempts1h ||
    previous.attempts24h !== next.attempts24h ||
    previous.errorRate1h !== next.errorRate1h ||
    previous.errorRate24h !== next.errorRate24h ||
    previous.lastSuccessAt !== next.lastSuccessAt ||
    previous.lastFailureAt !== next.lastFailureAt ||
    previous.lastFailureClass !== next.lastFailureClass
  );
}
