import { KeyUse, LastUseBatcher } from './last-use.batcher';

class MemorySink {
  readonly batches: KeyUse[][] = [];
  failNext = false;
  async recordUses(uses: readonly KeyUse[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database down');
    }
    this.batches.push([...uses]);
  }
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('LastUseBatcher', () => {
  it('keeps only the latest use per key and writes nothing until flushed', async () => {
    const sink = new MemorySink();
    const batcher = new LastUseBatcher(sink);
    batcher.record('ep_a', 'key_1', at(2));
    batcher.record('ep_a', 'key_1', at(1));
    batcher.record('ep_a', 'key_1', at(3));
    batcher.record('ep_b', 'key_2', at(1));
    expect(sink.batches).toEqual([]);
    expect(batcher.unflushedUseOf('key_1')).toEqual(at(3));

    expect(await batcher.flush()).toBe(2);
    expect(sink.batches).toEqual([[{ endpointId: 'ep_a', keyId: 'key_1', at: at(3) }, { endpointId: 'ep_b', keyId: 'key_2', at: at(1) }]]);
    expect(batcher.unflushedUseOf('key_1')).toBeNull();
    expect(await batcher.flush()).toBe(0);
    expect(sink.batches).toHaveLength(1);
  });

  it('keeps a failed batch for the next flush, merged with newer uses', async () => {
    const sink = new MemorySink();
    const batcher = new LastUseBatcher(sink);
    batcher.record('ep_a', 'key_1', at(1));
    sink.failNext = true;
    await expect(batcher.flush()).rejects.toThrow('database down');
    batcher.record('ep_a', 'key_1', at(5));
    batcher.record('ep_a', 'key_2', at(4));
    await batcher.flush();
    expect(sink.batches).toEqual([[{ endpointId: 'ep_a', keyId: 'key_1', at: at(5) }, { endpointId: 'ep_a', keyId: 'key_2', at: at(4) }]]);
  });

  it('writes what is left when stopped', async () => {
    const sink = new MemorySink();
    const batcher = new LastUseBatcher(sink);
    batcher.start(60_000, () => undefined);
    batcher.record('ep_a', 'key_1', at(1));
    await batcher.stop();
    expect(sink.batches).toEqual([[{ endpointId: 'ep_a', keyId: 'key_1', at: at(1) }]]);
  });
});
