import { DAY_MS, HOUR_MS, MINUTE_MS } from './attempt';
import { AutoSuspendPolicy, failingRun } from './auto-suspend.policy';
import { assessHealth, HealthThresholds, isMaterialChange, PublishedFigures, PublishThresholds } from './endpoint-health';
import { attempt, fail5xx, Ledger, ok, T0 } from './metrics.fixtures';

const POLICY: AutoSuspendPolicy = { enabled: true, periodMs: 5 * DAY_MS, minFailures: 50 };
const THRESHOLDS: HealthThresholds = { minAttempts: 10, degradedRate: 0.1 };
const NOW = T0 + 59 * MINUTE_MS;

function assess(ledger: Ledger, now = NOW, exemption: 'BOOKING' | 'INBOUND' | null = null) {
  return assessHealth({ windows: ledger.windows(now), run: failingRun(ledger.activity, null), policy: POLICY, exemption, thresholds: THRESHOLDS });
}

function sequence(successes: number, failures: number): Ledger {
  const ledger = new Ledger();
  for (let i = 0; i < successes; i++) ledger.ingest(attempt(ok(i * 1000)), NOW);
  for (let i = 0; i < failures; i++) ledger.ingest(attempt(fail5xx(MINUTE_MS + i * 1000)), NOW);
  return ledger;
}

describe('endpoint health', () => {
  it('is unspecified without attempts, healthy under 10 %, degraded from 10 %', () => {
    expect(assess(new Ledger()).state).toBe('UNSPECIFIED');
    expect(assess(sequence(91, 9))).toEqual({ state: 'HEALTHY', summary: '9 % of 100 attempts failed in the last 24 hours' });
    expect(assess(sequence(90, 10))).toEqual({ state: 'DEGRADED', summary: '10 % of 100 attempts failed in the last hour' });
  });

  it('needs enough attempts before calling an endpoint degraded or failing', () => {
    expect(assess(sequence(0, 9)).state).toBe('HEALTHY');
    expect(assess(sequence(0, 10))).toEqual({ state: 'FAILING', summary: 'every attempt of the last hour failed (10)' });
  });

  it('warns instead of failing for endpoints the policy never suspends', () => {
    expect(assess(sequence(0, 12), NOW, 'BOOKING')).toEqual({
      state: 'WARNING',
      summary: 'every attempt of the last hour failed (12); BOOKING endpoints are never suspended automatically: a person must decide',
    });
  });

  it('is failing while the auto-suspend criterion holds, even once the windows are empty', () => {
    const ledger = new Ledger();
    for (let t = T0; t <= T0 + 5 * DAY_MS; t += HOUR_MS) ledger.ingest(attempt(fail5xx(t)), t);
    expect(assess(ledger, T0 + 7 * DAY_MS)).toEqual({ state: 'FAILING', summary: 'every attempt failed for 5 days (121 failures)' });
  });
});

describe('publishing health only on material change', () => {
  const T: PublishThresholds = { rateDelta: 0.01, refreshMs: 5 * MINUTE_MS };
  const base: PublishedFigures = { computedAt: T0, state: 'HEALTHY', errorRate1h: 0.05, errorRate24h: 0.04, attempts1h: 100, attempts24h: 1000, lastSuccessAt: T0, lastFailureAt: T0 - 1, lastFailureClass: 'HTTP_5XX' };
  const next = (changes: Partial<PublishedFigures>) => ({ ...base, computedAt: T0 + MINUTE_MS, ...changes });

  it('publishes the first figures, a new state, and a rate appearing or expiring', () => {
    expect(isMaterialChange(null, base, T)).toBe(true);
    expect(isMaterialChange(base, next({ state: 'DEGRADED' }), T)).toBe(true);
    expect(isMaterialChange(base, next({ errorRate1h: null }), T)).toBe(true);
  });

  it('publishes a rate that moved by a percentage point, not less', () => {
    expect(isMaterialChange(base, next({ errorRate1h: 0.06 }), T)).toBe(true);
    expect(isMaterialChange(base, next({ errorRate24h: 0.031 }), T)).toBe(false);
    expect(isMaterialChange(base, next({ errorRate1h: 0.055, attempts1h: 120, lastSuccessAt: T0 + 1 }), T)).toBe(false);
  });

  it('refreshes counts and last times once the refresh interval has passed, and stays quiet when nothing changed', () => {
    expect(isMaterialChange(base, next({ computedAt: T0 + 5 * MINUTE_MS, attempts1h: 120 }), T)).toBe(true);
    expect(isMaterialChange(base, next({ computedAt: T0 + 60 * MINUTE_MS }), T)).toBe(false);
  });
});
