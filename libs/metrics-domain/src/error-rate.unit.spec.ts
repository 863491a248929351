import fc from 'fast-check';
import { AttemptRecord, DAY_MS, HOUR_MS, MINUTE_MS } from './attempt';
import { classifyAttempt } from './attempt-verdict';
import { planCompaction, selectSegments } from './attempt-segment';
import { windowsAt } from './window-figures';
import { attempt, fail5xx, Ledger, ok, T0, timeout } from './metrics.fixtures';

const NOW = T0 + 30 * MINUTE_MS;
const COMPACTION = { dedupeWindowMs: 3 * HOUR_MS, maxOpenParts: 3 };

describe('error-rate arithmetic on known sequences', () => {
  it('counts failed / counted attempts per window, by failure class, with latency percentiles', () => {
    const ledger = new Ledger();
    for (let i = 0; i < 7; i++) ledger.ingest(attempt(ok(i * MINUTE_MS, 100 + i)), NOW);
    ledger.ingest(attempt(fail5xx(8 * MINUTE_MS)), NOW);
    ledger.ingest(attempt(fail5xx(9 * MINUTE_MS)), NOW);
    ledger.ingest(attempt(timeout(10 * MINUTE_MS)), NOW);
    ledger.ingest(attempt({ at: 11 * MINUTE_MS, statusCode: 0, errorKind: 'SIGNING_UNAVAILABLE' }), NOW);

    const { lastHour, lastDay } = ledger.windows(NOW);
    expect(lastHour).toMatchObject({ windowSeconds: 3600, attempts: 10, failures: 3, notCounted: 1, errorRate: 0.3 });
    expect(lastHour.failuresByClass).toEqual([
      { failureClass: 'TIMEOUT', failures: 1 },
      { failureClass: 'HTTP_5XX', failures: 2 },
    ]);
    expect(lastHour.latencyP50Ms).toBeGreaterThan(95);
    expect(lastHour.latencyP50Ms).toBeLessThan(110);
    expect(lastHour.latencyP95Ms).toBeGreaterThan(9_500);
    expect(lastDay).toMatchObject({ windowSeconds: 86_400, attempts: 10, failures: 3, errorRate: 0.3 });
    expect(ledger.activity).toMatchObject({ lastSuccessAt: T0 + 6 * MINUTE_MS, lastFailureAt: T0 + 10 * MINUTE_MS, lastFailureClass: 'TIMEOUT' });
  });

  it('has no rate without counted attempts', () => {
    const ledger = new Ledger();
    expect(ledger.windows(NOW).lastHour).toMatchObject({ attempts: 0, errorRate: null, latencyP50Ms: null, failuresByClass: [] });
    ledger.ingest(attempt({ at: 0, direction: 'INBOUND', statusCode: 408 }), NOW);
    expect(ledger.windows(NOW).lastHour).toMatchObject({ attempts: 0, notCounted: 1, errorRate: null });
  });

  it('counts a second copy of an attempt (same attempt id, another message) once, before and after a flush', () => {
    const ledger = new Ledger();
    const first = attempt(fail5xx(0));
    expect(ledger.ingest(first, NOW)).toMatchObject({ kind: 'APPLIED' });
    ledger.ingest(attempt(ok(MINUTE_MS)), NOW);
    expect(ledger.ingest({ ...first }, NOW)).toEqual({ kind: 'DUPLICATE' });
    ledger.flush();
    expect(ledger.ingest({ ...first }, NOW)).toEqual({ kind: 'DUPLICATE' });
    expect(ledger.windows(NOW).lastHour).toMatchObject({ attempts: 2, failures: 1, errorRate: 0.5 });
  });

  it('still recognises copies after a restart, from the stored segments', () => {
    const ledger = new Ledger();
    const early = Array.from({ length: 6 }, (_, i) => attempt(ok(i * 1000)));
    for (const a of early) ledger.ingest(a, NOW);
    ledger.flush();
    const restarted = ledger.restarted();
    for (const a of early) expect(restarted.ingest({ ...a }, NOW)).toEqual({ kind: 'DUPLICATE' });
    expect(restarted.windows(NOW).lastHour.attempts).toBe(6);
  });

  it('ignores a redelivered message (at or below the watermark of its partition)', () => {
    const ledger = new Ledger();
    ledger.ingest(attempt(fail5xx(0)), NOW, 41);
    expect(ledger.ingest(attempt(fail5xx(0)), NOW, 41)).toEqual({ kind: 'REPLAYED' });
    expect(ledger.ingest(attempt(ok(1000)), NOW, 40)).toEqual({ kind: 'REPLAYED' });
    ledger.flush();
    expect(ledger.restarted().ingest(attempt(ok(1000)), NOW, 41)).toEqual({ kind: 'REPLAYED' });
    expect(ledger.windows(NOW).lastHour).toMatchObject({ attempts: 1, failures: 1 });
  });

  it('counts once what a crash made it consume again: unflushed work is simply redone', () => {
    const ledger = new Ledger();
    const messages = [ok(0), fail5xx(1000), ok(2000), fail5xx(3000)].map((s) => attempt(s));
    ledger.ingest(messages[0]!, NOW, 0);
    ledger.ingest(messages[1]!, NOW, 1);
    ledger.flush();
    ledger.ingest(messages[2]!, NOW, 2);
    const restarted = ledger.restarted();
    messages.forEach((m, offset) => restarted.ingest(m, NOW, offset));
    expect(restarted.windows(NOW).lastHour).toMatchObject({ attempts: 4, failures: 2 });
  });

  it('counts once a flush that was stored twice (retried after an ambiguous failure, with more messages the second time)', () => {
    const ledger = new Ledger();
    ledger.ingest(attempt(ok(0)), NOW, 0);
    ledger.ingest(attempt(fail5xx(1000)), NOW, 1);
    ledger.flush();
    const firstTry = structuredClone(ledger.stored);
    const again = new Ledger();
    again.ingest(attempt(ok(0)), NOW, 0);
    again.ingest(attempt(fail5xx(1000)), NOW, 1);
    again.ingest(attempt(fail5xx(2000)), NOW, 2);
    again.flush();
    const segments = [...firstTry, ...again.stored];
    expect(windowsAt(selectSegments(segments), NOW).lastHour).toMatchObject({ attempts: 3, failures: 2 });
  });

  it('gives the same figures whatever order attempts arrive in', () => {
    const sequence = [ok(0), fail5xx(1000), ok(2000), timeout(3000), fail5xx(50 * MINUTE_MS), ok(-10 * MINUTE_MS)].map((s) => attempt(s));
    const inOrder = new Ledger();
    for (const a of sequence) inOrder.ingest(a, NOW);
    const reversed = new Ledger();
    for (const a of [...sequence].reverse()) reversed.ingest(a, NOW);
    expect(reversed.windows(NOW)).toEqual(inOrder.windows(NOW));
    expect(reversed.activity).toEqual(inOrder.activity);
    expect(inOrder.activity.lastFailureClass).toBe('HTTP_5XX');
  });

  it('leaves attempts stamped after now out until their minute comes', () => {
    const ledger = new Ledger();
    ledger.ingest(attempt(fail5xx(31 * MINUTE_MS)), NOW);
    expect(ledger.windows(NOW).lastHour.attempts).toBe(0);
    expect(ledger.windows(NOW + MINUTE_MS).lastHour.attempts).toBe(1);
  });

  it('compaction changes no figure, and strips hashes once the hour leaves the dedupe window (after which a copy counts again)', () => {
    const ledger = new Ledger();
    const first = attempt(fail5xx(0));
    ledger.ingest(first, NOW);
    for (let i = 1; i < 8; i++) {
      ledger.ingest(attempt(i % 2 ? ok(i * MINUTE_MS) : fail5xx(i * MINUTE_MS)), NOW);
      ledger.flush();
    }
    const before = ledger.windows(NOW);
    const open = planCompaction(ledger.stored, NOW, COMPACTION);
    expect(open.insert).toHaveLength(1);
    expect(open.insert[0]!.hashes).toHaveLength(8);
    ledger.stored = [...ledger.stored.filter((s) => !open.remove.includes(s)), ...open.insert];
    expect(ledger.stored).toHaveLength(1);
    expect(ledger.windows(NOW)).toEqual(before);
    expect(ledger.restarted().ingest({ ...first }, NOW)).toEqual({ kind: 'DUPLICATE' });

    const later = T0 + 4 * HOUR_MS;
    const stripped = planCompaction(ledger.stored, later, COMPACTION);
    expect(stripped.insert[0]!.hashes).toBeNull();
    ledger.stored = stripped.insert;
    expect(ledger.windows(later)).toEqual(windowsAt(selectSegments(structuredClone(ledger.stored)), later));
    expect(ledger.restarted().ingest({ ...first }, later)).toMatchObject({ kind: 'APPLIED' });
  });
});

describe('window expiry', () => {
  const at = T0 + 17 * MINUTE_MS + 5_000;
  const ledger = new Ledger();
  ledger.ingest(attempt(fail5xx(at)), at);

  it('keeps an attempt in the last hour for the 60 one-minute slots ending with the current minute', () => {
    expect(ledger.windows(at + 59 * MINUTE_MS).lastHour.attempts).toBe(1);
    expect(ledger.windows(at - 5_000 + 60 * MINUTE_MS).lastHour.attempts).toBe(0);
  });

  it('keeps it in the last day for the 24 one-hour slots ending with the current hour', () => {
    expect(ledger.windows(T0 + 24 * HOUR_MS - 1).lastDay).toMatchObject({ attempts: 1, errorRate: 1 });
    expect(ledger.windows(T0 + 24 * HOUR_MS).lastDay).toMatchObject({ attempts: 0, errorRate: null });
  });

  it('ignores an attempt that could no longer show in any window', () => {
    expect(new Ledger().ingest(attempt(fail5xx(at)), at + 2 * DAY_MS)).toEqual({ kind: 'TOO_OLD' });
  });
});

describe('error-rate properties', () => {
  const spec = fc.record({
    minute: fc.integer({ min: -200, max: 70 }),
    second: fc.integer({ min: 0, max: 59 }),
    status: fc.constantFrom(200, 204, 301, 404, 429, 500, 503),
  });

  it('for any attempts, any order, any copies, flushes, restarts and compactions, each window holds exactly the distinct attempts of its slots', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.constantFrom('none', 'flush', 'restart', 'compact', 'redeliver'), { maxLength: 40 }),
        fc.integer({ min: 0, max: 1000 }),
        (specs, copyPicks, events, seed) => {
          const attempts: AttemptRecord[] = specs.map((s) => attempt({ at: s.minute * MINUTE_MS + s.second * 1000, statusCode: s.status, errorKind: s.status < 300 ? 'NONE' : 'UNSPECIFIED' }));
          const messages = [...attempts, ...copyPicks.map((i) => ({ ...attempts[i % attempts.length]! }))];
          shuffle(messages, seed);
          let ledger = new Ledger();
          let committed = 0;
          let offset = 0;
          for (let step = 0; offset < messages.length; step++) {
            ledger.ingest(messages[offset]!, NOW, offset);
            offset += 1;
            const event = events[step];
            if (event === 'flush' || event === 'compact') {
              ledger.flush();
              committed = offset;
            }
            if (event === 'compact') {
              const plan = planCompaction(ledger.stored, NOW, { dedupeWindowMs: DAY_MS, maxOpenParts: 2 });
              ledger.stored = [...ledger.stored.filter((s) => !plan.remove.includes(s)), ...plan.insert];
            }
            if (event === 'restart') {
              ledger = ledger.restarted();
              offset = committed;
            }
            if (event === 'redeliver') ledger.ingest(messages[offset - 1]!, NOW, offset - 1);
          }

          const nowMinute = Math.floor(NOW / MINUTE_MS);
          const nowHour = Math.floor(NOW / HOUR_MS);
          const inHour = attempts.filter((a) => Math.floor(a.attemptedAt / MINUTE_MS) > nowMinute - 60 && Math.floor(a.attemptedAt / MINUTE_MS) <= nowMinute);
          const inDay = attempts.filter((a) => Math.floor(a.attemptedAt / HOUR_MS) > nowHour - 24 && Math.floor(a.attemptedAt / MINUTE_MS) <= nowMinute);
          const failed = (list: AttemptRecord[]) => list.filter((a) => classifyAttempt(a).outcome === 'FAILED').length;
          const { lastHour, lastDay } = ledger.windows(NOW);
          expect([lastHour.attempts, lastHour.failures]).toEqual([inHour.length, failed(inHour)]);
          expect([lastDay.attempts, lastDay.failures]).toEqual([inDay.length, failed(inDay)]);
          expect(lastHour.errorRate).toBe(inHour.length === 0 ? null : failed(inHour) / inHour.length);
          const successes = attempts.filter((a) => a.statusCode < 300).map((a) => a.attemptedAt);
          expect(ledger.activity.lastSuccessAt).toBe(successes.length ? Math.max(...successes) : null);
        },
      ),
    );
  });
});

function shuffle<T>(items: T[], seed: number): void {
  let state = seed + 1;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
