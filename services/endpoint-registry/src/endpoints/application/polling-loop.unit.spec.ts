import { PollingLoop } from './polling-loop';

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loop whose passes are counted; the interval is long, so only nudges start passes here. */
function countingLoop(settleMs: number) {
  const passes: number[] = [];
  const loop = new PollingLoop('test', 60_000, async () => {
    passes.push(performance.now());
    return 1;
  }, quiet, { settleMs });
  return { loop, passes };
}

describe('the registry polling loop', () => {
  it('does the work of nudges within the settle window in one pass', async () => {
    const { loop, passes } = countingLoop(40);
    loop.start();
    await sleep(20); // the start pass
    const before = passes.length;
    for (let i = 0; i < 5; i++) {
      loop.nudge();
      await sleep(2);
    }
    await sleep(120);
    await loop.stop();
    expect(passes.length - before).toBe(1);
  });

  it('never lets a stream of nudges postpone the pass already due', async () => {
    const { loop, passes } = countingLoop(40);
    loop.start();
    await sleep(20);
    const before = passes.length;
    const started = performance.now();
    while (performance.now() - started < 300) {
      loop.nudge();
      await sleep(5);
    }
    await loop.stop();
    // One pass per window at most, and at least a few over 300 ms: nudges every 5 ms did not starve it.
    expect(passes.length - before).toBeGreaterThanOrEqual(3);
    expect(passes.length - before).toBeLessThanOrEqual(8);
  });

  it('answers a nudge after a pause', async () => {
    const { loop, passes } = countingLoop(10);
    loop.start();
    await sleep(20);
    await loop.pause(async () => undefined);
    const before = passes.length;
    loop.nudge();
    await sleep(60);
    await loop.stop();
    expect(passes.length - before).toBe(1);
  });
});
