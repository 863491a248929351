import { Connection } from 'mongoose';
import { ConcurrencyError } from '@bakuun/errors';
import { openMongoConnection } from '@bakuun/platform';
import { testNamespace } from '@bakuun/testing';
import { VersionedDocuments } from './versioned-documents.repository';

interface Doc {
  writer: number;
  secret: string | null;
}

/**
 * The concurrency every key-management write rests on, against the real server: FerretDB v1's
 * conditional replace lets several writers "win", unique `_id`s do not.
 */
describe('VersionedDocuments on the MongoDB-compatible server', () => {
  const ns = testNamespace(__filename);
  let connection: Connection;
  let store: VersionedDocuments<Doc, { tag: string }>;

  beforeAll(async () => {
    connection = await openMongoConnection({ uri: ns.mongoUri, databaseName: `${ns.databaseName}_versioned` });
    store = new VersionedDocuments(connection, 'things');
    await store.ensureIndexes([{ tag: 1 }]);
  });

  afterAll(async () => {
    try {
      await connection?.dropDatabase();
    } finally {
      await connection?.close();
    }
  });

  it('lets exactly one of many concurrent writers of the same version in, every time', async () => {
    for (let round = 0; round < 20; round++) {
      const key = `race-${round}`;
      expect(await store.tryWrite(key, 1, { writer: -1, secret: null }, { tag: 'race' })).toBe(true);
      const results = await Promise.all(Array.from({ length: 8 }, (_, writer) => store.tryWrite(key, 2, { writer, secret: null }, { tag: 'race' })));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.latest(key))!.doc.writer).toBe(results.indexOf(true));
    }
    await expect(store.write('race-0', 2, { writer: 99, secret: null }, { tag: 'race' })).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('reads the latest revision even when the head lags or regressed, and keeps no superseded content', async () => {
    await store.tryWrite('k', 1, { writer: 1, secret: 'first' }, { tag: 'a' });
    await store.tryWrite('k', 2, { writer: 2, secret: 'second' }, { tag: 'b' });
    await store.tryWrite('k', 3, { writer: 3, secret: null }, { tag: 'c' });
    await connection.collection('things').updateOne({ _id: 'k' as never }, { $set: { version: 1 } });
    expect(await store.latest('k')).toEqual({ version: 3, doc: { writer: 3, secret: null } });
    const history = await connection.collection('things_revisions').find({ key: 'k' }).sort({ version: 1 }).toArray();
    expect(history.map((r) => r.doc)).toEqual([null, null, { writer: 3, secret: null }]);
    expect(JSON.stringify(history)).not.toMatch(/first|second/);
    expect(await store.findKeys({ tag: 'c' }, 10)).toEqual(['k']);
    expect(await store.latest('missing')).toBeNull();
  });
});
