import { PollingLoop } from './polling-loop';

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('the polling loop', () => {
  it('keeps ticking when a pass started by runNow overlaps a scheduled tick', async () => {
    let passes = 0;
    const loop = new PollingLoop('test', 20, async () => {
      passes += 1;
      await new Promise((r) => setTimeout(r, 30));
      return 1;
    }, quiet);
    loop.start();
    await new Promise((r) => setTimeout(r, 15));
    await loop.runNow();
    const after = passes;
    await new Promise((r) => setTimeout(r, 200));
    await loop.stop();
    expect(passes).toBeGreaterThan(after + 1);
  });
});
