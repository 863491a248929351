import { PollingLoop } from './polling-loop';

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('the polling loop', () => {
  it('keeps ticking when a pass started by runNow overlaps a scheduled tick', async () => {
    let passes = 0;
    let wanted = Infinity;
    let reached: () => void = () => undefined;
    const loop = new PollingLoop('test', 5, async () => {
      passes += 1;
      if (passes >= wanted) reached();
      await new Promise((r) => setTimeout(r, 10));
      return 1;
    }, quiet);
    loop.start();
    // A scheduled pass is in flight while runNow asks for another one.
    await new Promise((r) => setTimeout(r, 8));
    await loop.runNow();
    // The loop must go on by itself: two more scheduled passes (a lapse would hang here until the test timeout).
    await new Promise<void>((resolve) => {
      wanted = passes + 2;
      reached = resolve;
    });
    await loop.stop();
    expect(passes).toBeGreaterThanOrEqual(wanted);
  });
});
