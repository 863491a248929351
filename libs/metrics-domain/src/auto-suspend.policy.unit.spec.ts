import { DAY_MS, HOUR_MS, MINUTE_MS } from './attempt';
import { AutoSuspendInput, AutoSuspendPolicy, criterionMet, decideAutoSuspension, failingRun } from './auto-suspend.policy';
import { attempt, ENDPOINT, fail5xx, Ledger, ok, T0, timeout } from './metrics.fixtures';

const POLICY: AutoSuspendPolicy = { enabled: true, periodMs: 5 * DAY_MS, minFailures: 50 };
const ACTIVATED = T0 - HOUR_MS;

/** An endpoint that fails every `everyMs` from `from` for `forMs`. */
function failing(ledger: Ledger, from: number, forMs: number, everyMs: number): void {
  for (let t = from; t <= from + forMs; t += everyMs) ledger.ingest(attempt(fail5xx(t)), t);
}

function decide(ledger: Ledger, overrides: Partial<AutoSuspendInput> = {}, activeSince: number | null = ACTIVATED) {
  return decideAutoSuspension({
    endpointId: ENDPOINT,
    policy: POLICY,
    run: failingRun(ledger.activity, activeSince),
    category: 'ARI',
    direction: 'OUTBOUND',
    directory: { status: 'ACTIVE' },
    acceptedRequestId: null,
    ...overrides,
  });
}

describe('the automatic suspension policy', () => {
  it('suspends an endpoint whose every attempt failed for the whole period, with the figure that triggered it', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS, HOUR_MS);
    const decision = decide(ledger);
    expect(decision).toEqual({
      action: 'SUSPEND',
      requestId: `metrics.auto-suspend:${ENDPOINT}:${ACTIVATED}`,
      figure: { metric: 'error_rate', value: 1, windowSeconds: 5 * 86_400, attempts: 121 },
      explanation: 'suspend: every attempt failed for 5 days (121 failures)',
    });
  });

  it('does not suspend before the period has elapsed', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS - HOUR_MS, 10 * MINUTE_MS);
    expect(decide(ledger)).toMatchObject({ action: 'NONE', criterionMet: false, explanation: expect.stringContaining('every attempt failed for 4 days 23 h') });
  });

  it('never suspends on too little data: a few failures spread over the period are not enough', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS, DAY_MS);
    expect(ledger.activity.lastFailureAt).toBe(T0 + 5 * DAY_MS);
    expect(decide(ledger)).toMatchObject({ action: 'NONE', criterionMet: false, explanation: expect.stringContaining('(6 failures); the policy needs 5 days and 50 failures') });
  });

  it('does not suspend when one attempt in the period succeeded', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 3 * DAY_MS, HOUR_MS);
    ledger.ingest(attempt(ok(T0 + 3 * DAY_MS + MINUTE_MS)), T0 + 3 * DAY_MS);
    failing(ledger, T0 + 3 * DAY_MS + 2 * MINUTE_MS, 3 * DAY_MS, HOUR_MS);
    expect(decide(ledger)).toMatchObject({ action: 'NONE', criterionMet: false });
  });

  it('honours a success that arrives late (out of order), and never counts failures before it', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 6 * DAY_MS, HOUR_MS);
    expect(decide(ledger).action).toBe('SUSPEND');
    const late = T0 + 6 * DAY_MS - 3 * HOUR_MS + 30 * MINUTE_MS;
    ledger.ingest(attempt(ok(late)), T0 + 6 * DAY_MS);
    const run = failingRun(ledger.activity, ACTIVATED)!;
    expect(run.since).toBeGreaterThan(late);
    expect(run.failures).toBe(3);
    expect(decide(ledger)).toMatchObject({ action: 'NONE', criterionMet: false });
  });

  it('does not flap: after reactivation only failures after it count, so a whole new period must fail', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS, HOUR_MS);
    expect(decide(ledger).action).toBe('SUSPEND');
    expect(decide(ledger, { directory: { status: 'SUSPENDED' } })).toMatchObject({ action: 'NONE', explanation: 'the endpoint is SUSPENDED; it is evaluated again once activated' });
    const reactivated = T0 + 6 * DAY_MS;
    failing(ledger, reactivated + MINUTE_MS, 2 * DAY_MS, HOUR_MS);
    expect(decide(ledger, {}, reactivated)).toMatchObject({ action: 'NONE', criterionMet: false });
    failing(ledger, reactivated + 2 * DAY_MS + 2 * MINUTE_MS, 3 * DAY_MS, HOUR_MS);
    const again = decide(ledger, {}, reactivated);
    expect(again).toMatchObject({ action: 'SUSPEND', requestId: `metrics.auto-suspend:${ENDPOINT}:${reactivated}` });
  });

  it('leaves out the bin holding the floor unless all its failures follow it (never earlier, at most one bin later)', () => {
    const ledger = new Ledger();
    const floor = T0 + 30 * MINUTE_MS;
    ledger.ingest(attempt(fail5xx(T0 + 10 * MINUTE_MS)), T0);
    ledger.ingest(attempt(fail5xx(T0 + 40 * MINUTE_MS)), T0);
    ledger.ingest(attempt(fail5xx(T0 + 70 * MINUTE_MS)), T0);
    expect(failingRun(ledger.activity, floor)).toEqual({ since: T0 + 70 * MINUTE_MS, lastFailureAt: T0 + 70 * MINUTE_MS, failures: 1, floor });
    expect(failingRun(ledger.activity, T0 + 5 * MINUTE_MS)).toMatchObject({ since: T0 + 10 * MINUTE_MS, failures: 3 });
  });

  it('never suspends BOOKING or inbound endpoints, nor when disabled', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS, HOUR_MS);
    expect(decide(ledger, { category: 'BOOKING' })).toMatchObject({ action: 'NONE', criterionMet: true, explanation: expect.stringContaining('a person must decide') });
    expect(decide(ledger, { direction: 'INBOUND' })).toMatchObject({ action: 'NONE', criterionMet: true });
    expect(decide(ledger, { policy: { ...POLICY, enabled: false } })).toMatchObject({ action: 'NONE', explanation: 'automatic suspension is disabled' });
  });

  it('never acts blind: not without the registry events, nor when the category is unknown, nor when not ACTIVE', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS, HOUR_MS);
    expect(decide(ledger, { directory: null }).action).toBe('NONE');
    expect(decide(ledger, { category: null }).action).toBe('NONE');
    expect(decide(ledger, { directory: { status: 'TO_SET' } }).action).toBe('NONE');
    expect(decide(ledger, { directory: { status: 'DELETED' } }).action).toBe('NONE');
  });

  it('asks once per failing run: the same run gives the same request id, and an accepted one is not asked again', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 5 * DAY_MS, HOUR_MS);
    const first = decide(ledger);
    failing(ledger, T0 + 5 * DAY_MS + MINUTE_MS, HOUR_MS, 10 * MINUTE_MS);
    const second = decide(ledger);
    expect(second.action === 'SUSPEND' && first.action === 'SUSPEND' && second.requestId === first.requestId).toBe(true);
    expect(decide(ledger, { acceptedRequestId: first.action === 'SUSPEND' ? first.requestId : '' })).toMatchObject({ action: 'NONE', explanation: expect.stringContaining('waiting for its EndpointSuspended event') });
  });

  it('works at test scale: a period of seconds, bins of a second', () => {
    const policy = { enabled: true, periodMs: 3000, minFailures: 20 };
    const ledger = new Ledger(policy);
    failing(ledger, T0, 3000, 100);
    const run = failingRun(ledger.activity, T0 - 1);
    expect(run).toMatchObject({ since: T0, lastFailureAt: T0 + 3000, failures: 31 });
    expect(criterionMet(run, policy)).toBe(true);
    expect(criterionMet(run, { ...policy, minFailures: 32 })).toBe(false);
  });

  it('keeps the failure bins bounded by the period', () => {
    const ledger = new Ledger();
    failing(ledger, T0, 30 * DAY_MS, 20 * MINUTE_MS);
    expect(Object.keys(ledger.activity.failureBins).length).toBeLessThanOrEqual(5 * 24 + 4);
    ledger.ingest(attempt(timeout(T0 + 31 * DAY_MS)), T0 + 31 * DAY_MS);
    ledger.ingest(attempt(ok(T0 + 31 * DAY_MS + 1)), T0 + 31 * DAY_MS);
    expect(ledger.activity.failureBins).toEqual({});
  });
});
