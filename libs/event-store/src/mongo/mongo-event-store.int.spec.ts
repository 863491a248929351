import { Connection } from 'mongoose';
import { ConcurrencyError } from '@bakuun/errors';
import { openMongoConnection } from '@bakuun/platform';
import { testNamespace } from '@bakuun/testing';
import { verifyChain } from '../hash-chain';
import { AppendContext, NewEvent, NO_STREAM, StoredEvent } from '../stored-event';
import { commitIdOf, MongoEventStore } from './mongo-event-store';

const context = (tenantId = 'partner-a', at = '2026-03-01T10:00:00.000Z'): AppendContext => ({
  tenantId,
  occurredAt: new Date(at),
  metadata: { actor: { kind: 'USER', id: 'op-1' }, correlationId: 'corr-1', causationId: 'corr-1', requestId: 'req-1' },
});
const event = (type: string, n = 0): NewEvent => ({ type, schemaVersion: 1, data: { n, empty: {}, list: [1, 2] } });

describe('MongoEventStore on the real server', () => {
  const ns = testNamespace(__filename);
  let connection: Connection;
  let store: MongoEventStore;

  beforeAll(async () => {
    connection = await openMongoConnection({ uri: ns.mongoUri });
    store = new MongoEventStore(connection);
    await store.ensureIndexes();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('appends a command\'s events together, numbered from the expected version, hash-chained', async () => {
    const first = await store.append('ep_chain', NO_STREAM, [event('EndpointAdded')], context());
    const next = await store.append('ep_chain', 1, [event('EndpointUrlConfigured'), event('EndpointActivated')], context());

    expect(first.map((e) => e.streamVersion)).toEqual([1]);
    expect(next.map((e) => e.streamVersion)).toEqual([2, 3]);
    expect(next[0]!.previousHash).toBe(first[0]!.hash);
    const stream = await store.readStream('ep_chain', { tenantId: 'partner-a' });
    expect(stream).toEqual([...first, ...next]);
    expect(stream[0]!.data).toEqual({ n: 0, empty: {}, list: [1, 2] });
    expect(verifyChain('ep_chain', stream).valid).toBe(true);
  });

  it('refuses a writer that expected another version, and stores nothing of it', async () => {
    await store.append('ep_stale', NO_STREAM, [event('EndpointAdded')], context());
    await store.append('ep_stale', 1, [event('EndpointSuspended')], context());

    const attempt = store.append('ep_stale', 1, [event('EndpointActivated'), event('EndpointSuspended')], context());
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ expected: 1, actual: 2, code: 'STREAM.VERSION_CONFLICT' });
    expect((await store.readStream('ep_stale', 'ALL_TENANTS')).map((e) => e.type)).toEqual(['EndpointAdded', 'EndpointSuspended']);
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    await store.append('ep_race', NO_STREAM, [event('EndpointAdded')], context());
    const results = await Promise.allSettled([
      store.append('ep_race', 1, [event('EndpointActivated', 1)], context()),
      store.append('ep_race', 1, [event('EndpointSuspended', 2)], context()),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('ep_race', 'ALL_TENANTS')).toHaveLength(2);
  });

  it('reads only the events after a version, from the commits it knows and from the log alike', async () => {
    await store.append('ep_after', NO_STREAM, [event('EndpointAdded')], context());
    await store.append('ep_after', 1, [event('EndpointUrlConfigured'), event('EndpointActivated')], context());
    await store.append('ep_after', 3, [event('EndpointSuspended')], context());
    const whole = await store.readStream('ep_after', 'ALL_TENANTS');
    for (const reuseKnownCommits of [true, false]) {
      // Version 2 falls inside the second commit: its first event is left out, its second kept.
      expect(await store.readStream('ep_after', { tenantId: 'partner-a' }, { reuseKnownCommits, afterVersion: 2 })).toEqual(whole.slice(2));
      expect(await store.readStream('ep_after', { tenantId: 'partner-a' }, { reuseKnownCommits, afterVersion: 4 })).toEqual([]);
      expect(await store.readStream('ep_after', { tenantId: 'partner-b' }, { reuseKnownCommits, afterVersion: 1 })).toEqual([]);
    }
  });

  it('hides a stream from another tenant', async () => {
    await store.append('ep_tenant', NO_STREAM, [event('EndpointAdded')], context('partner-a'));
    expect(await store.readStream('ep_tenant', { tenantId: 'partner-b' })).toEqual([]);
    expect(await store.listStreamIds('partner-b')).not.toContain('ep_tenant');
  });

  it('gives readers every committed event, gap-free and in position order, under concurrent writers', async () => {
    const before = await readEverything(store, 0);
    const start = before.at(-1)?.globalPosition ?? 0;
    const writers = Array.from({ length: 8 }, (_, w) => (async () => {
      let version = NO_STREAM;
      for (let i = 0; i < 6; i++) {
        const events = i % 2 === 0 ? [event('A', i)] : [event('B', i), event('C', i)];
        await store.append(`ep_writer_${w}`, version, events, context());
        version += events.length;
      }
    })());
    const seenWhileWriting: StoredEvent[] = [];
    let done = false;
    const reader = (async () => {
      let after = start;
      while (!done) {
        const page = await store.readAll({ after, limit: 7 });
        seenWhileWriting.push(...page);
        after = page.at(-1)?.globalPosition ?? after;
      }
      seenWhileWriting.push(...(await readEverything(store, after)));
    })();
    await Promise.all(writers);
    done = true;
    await reader;

    const positions = seenWhileWriting.map((e) => e.globalPosition);
    expect(positions).toEqual(Array.from({ length: 8 * 9 }, (_, i) => start + i + 1));
    for (let w = 0; w < 8; w++) {
      const versions = seenWhileWriting.filter((e) => e.streamId === `ep_writer_${w}`).map((e) => e.streamVersion);
      expect(versions).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    }
  });

  it("finds other processes' commits by probing positions, and commits keyed otherwise by its periodic scan", async () => {
    // Two stores on one database behave as two processes: each knows only its own commits.
    const writer = new MongoEventStore(connection);
    const reader = new MongoEventStore(connection, { lookElsewhereEveryMs: 0, scanEveryMs: 60_000 });
    const start = (await readEverything(reader, 0)).at(-1)?.globalPosition ?? 0; // the reader's first look scans
    await writer.append('ep_elsewhere', NO_STREAM, [event('A', 1)], context());
    await writer.append('ep_elsewhere', 1, [event('B', 2), event('C', 3)], context());
    // The reader's next scan is a minute away: what it sees now, it found by probing.
    const seen = await readEverything(reader, start);
    expect(seen.map((e) => [e.globalPosition, e.type])).toEqual([[start + 1, 'A'], [start + 2, 'B'], [start + 3, 'C']]);
    expect(await connection.collection('event_commits').countDocuments({ _id: commitIdOf(start + 2) as never })).toBe(1);

    // A commit with another kind of _id (an older writer's) is invisible to probes, and found by the next scan.
    const legacy = (await connection.collection('event_commits').findOne({ _id: commitIdOf(start + 2) as never }))!;
    await connection.collection('event_commits').insertOne({ ...legacy, _id: 'legacy-id' as never, streamId: 'ep_legacy', position: start + 4, nextPosition: start + 6 });
    expect(await reader.readAll({ after: start + 3, limit: 10 })).toEqual([]);
    const rescanning = new MongoEventStore(connection, { lookElsewhereEveryMs: 0, scanEveryMs: 0 });
    expect((await readEverything(rescanning, start + 3)).map((e) => [e.globalPosition, e.streamId])).toEqual([[start + 4, 'ep_legacy'], [start + 5, 'ep_legacy']]);
  });
});

async function readEverything(store: MongoEventStore, after: number): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after, limit: 100 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page.at(-1)!.globalPosition;
  }
}
