import { GroupCommit, type ItemOutcome } from './group-commit';

/** A flush the test completes by hand, recording the batches it was given. */
function manualFlush<I>() {
  const batches: I[][] = [];
  const pending: { resolve: (o: ItemOutcome<string>[]) => void; reject: (e: unknown) => void }[] = [];
  const flush = (items: readonly I[]) =>
    new Promise<ItemOutcome<string>[]>((resolve, reject) => {
      batches.push([...items]);
      pending.push({ resolve, reject });
    });
  return { batches, pending, flush };
}

const settle = () => new Promise((r) => setImmediate(r));
const okAll = (items: readonly unknown[]): ItemOutcome<string>[] => items.map((i) => ({ ok: true, value: `done ${String(i)}` }));

describe('GroupCommit', () => {
  it('flushes what is submitted in one tick together, and what arrives during a flush in the next one', async () => {
    const m = manualFlush<number>();
    const commit = new GroupCommit<number, string>(m.flush);
    const first = [commit.submit(1), commit.submit(2), commit.submit(3)];
    await settle();
    expect(m.batches).toEqual([[1, 2, 3]]);
    const second = [commit.submit(4), commit.submit(5)];
    await settle();
    expect(m.batches).toHaveLength(1); // one flush at a time
    m.pending[0]!.resolve(okAll(m.batches[0]!));
    await expect(Promise.all(first)).resolves.toEqual(['done 1', 'done 2', 'done 3']);
    await settle();
    expect(m.batches[1]).toEqual([4, 5]);
    m.pending[1]!.resolve(okAll(m.batches[1]!));
    await expect(Promise.all(second)).resolves.toEqual(['done 4', 'done 5']);
    await commit.idle();
  });

  it('fails only the items the flush reports as failed, and every item of a flush that throws', async () => {
    const m = manualFlush<string>();
    const commit = new GroupCommit<string, string>(m.flush);
    const a = commit.submit('a');
    const b = commit.submit('b');
    await settle();
    m.pending[0]!.resolve([{ ok: true, value: 'A' }, { ok: false, error: Object.assign(new Error('duplicate'), { code: 11000 }) }]);
    await expect(a).resolves.toBe('A');
    await expect(b).rejects.toMatchObject({ code: 11000 });

    const c = commit.submit('c');
    const d = commit.submit('d');
    await settle();
    m.pending[1]!.reject(new Error('store down'));
    await expect(Promise.all([c.catch((e: Error) => e.message), d.catch((e: Error) => e.message)])).resolves.toEqual(['store down', 'store down']);
  });

  it('splits a queue by item count and by weight, but never leaves a heavy item behind', async () => {
    const m = manualFlush<number>();
    const commit = new GroupCommit<number, string>(m.flush, { maxItems: 3, maxWeight: 10, weightOf: (n) => n });
    const all = [1, 1, 1, 1, 4, 4, 4, 25, 2].map((n) => commit.submit(n));
    for (let i = 0; i < 5; i++) {
      await settle();
      m.pending[i]!.resolve(okAll(m.batches[i]!));
    }
    await Promise.all(all);
    expect(m.batches).toEqual([[1, 1, 1], [1, 4, 4], [4], [25], [2]]);
  });
});
