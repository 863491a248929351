import { ThrottledCheckpoint } from './throttled-checkpoint';

/** An in-memory checkpoint store recording every write, and a clock the test moves. */
function setup(stored = 0) {
  const writes: number[] = [];
  let position: number | null = stored;
  const store = {
    load: async () => position ?? 0,
    save: async (_reader: string, p: number) => {
      writes.push(p);
      position = p;
    },
    reset: async () => {
      position = null;
    },
  };
  let now = 10_000;
  const checkpoint = new ThrottledCheckpoint(store, 'reader', 1_000, () => now);
  return { checkpoint, writes, tick: (ms: number) => (now += ms), stored: () => position };
}

describe('ThrottledCheckpoint', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('starts from the stored position and writes the first move at once', async () => {
    const { checkpoint, writes } = setup(41);
    expect(await checkpoint.load()).toBe(41);
    await checkpoint.advance(42);
    expect(writes).toEqual([42]);
  });

  it('writes at most once per interval while the reader moves, the newest position each time', async () => {
    const { checkpoint, writes, tick } = setup();
    await checkpoint.load();
    await checkpoint.advance(1);
    for (let p = 2; p <= 10; p++) {
      tick(100);
      await checkpoint.advance(p);
    }
    expect(writes).toEqual([1]);
    tick(100);
    await checkpoint.advance(11);
    expect(writes).toEqual([1, 11]);
  });

  it('writes a position left unwritten once the interval has passed, without another move', async () => {
    const { checkpoint, writes, tick } = setup();
    await checkpoint.load();
    await checkpoint.advance(1);
    tick(300);
    await checkpoint.advance(7);
    expect(writes).toEqual([1]);
    tick(700);
    await jest.advanceTimersByTimeAsync(700);
    expect(writes).toEqual([1, 7]);
  });

  it('flush writes only a position that moved; reset forgets it here and in the store', async () => {
    const { checkpoint, writes, stored } = setup(5);
    await checkpoint.load();
    await checkpoint.flush();
    expect(writes).toEqual([]);
    await checkpoint.advance(6);
    await checkpoint.advance(8);
    await checkpoint.flush();
    expect(writes).toEqual([6, 8]);
    await checkpoint.reset();
    expect(stored()).toBeNull();
    expect(await checkpoint.load()).toBe(0);
  });
});
