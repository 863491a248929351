import { Connection, Schema } from 'mongoose';
import { testNamespace } from '@bakuun/testing';
import { openMongoConnection } from './mongo-connection';

/** The event store's optimistic concurrency rests on a compound unique index: prove the server enforces it. */
describe('MongoDB-compatible server started by scripts/infra', () => {
  const ns = testNamespace(__filename);
  let connection: Connection;

  beforeAll(async () => {
    connection = await openMongoConnection({ uri: ns.mongoUri });
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('answers a ping', async () => {
    const reply = await connection.db!.admin().ping();
    expect(reply.ok).toBe(1);
  });

  it('rejects a duplicate on a compound unique index with error code 11000', async () => {
    const schema = new Schema({ streamId: String, version: Number, payload: String });
    schema.index({ streamId: 1, version: 1 }, { unique: true });
    const Event = connection.model('SmokeEvent', schema, 'smoke_events');
    await Event.syncIndexes();

    await Event.create({ streamId: 'ep_1', version: 1, payload: 'first' });
    await Event.create({ streamId: 'ep_2', version: 1, payload: 'other stream' });
    await expect(Event.create({ streamId: 'ep_1', version: 1, payload: 'second' })).rejects.toMatchObject({ code: 11000 });

    const stored = await Event.find({ streamId: 'ep_1' }).lean();
    expect(stored.map((e) => e.payload)).toEqual(['first']);
  });

  // scripts/infra patches FerretDB to read such filters through the _id index (scripts/infra.d/ferretdb-sqlite.patch):
  // whatever the index narrows to, the whole filter must still decide.
  it('applies the whole filter when it narrows by _id equality or $in', async () => {
    const docs = connection.db!.collection<{ _id: unknown; v: number }>('smoke_id_filters');
    await docs.insertMany([{ _id: 'a', v: 1 }, { _id: 'b', v: 2 }, { _id: 'c', v: 2 }, { _id: 7, v: 2 }]);
    const ids = async (filter: object) => (await docs.find(filter as never).toArray()).map((d) => d._id).sort();

    expect(await ids({ _id: 'b', v: 2 })).toEqual(['b']);
    expect(await ids({ _id: 'b', v: 1 })).toEqual([]);
    expect(await ids({ _id: { $in: ['a', 'b', 'z'] } })).toEqual(['a', 'b']);
    expect(await ids({ _id: { $in: ['a', 'b', 'c'] }, v: { $gt: 1 } })).toEqual(['b', 'c']);
    expect(await ids({ _id: { $in: ['a', 7] } })).toEqual([7, 'a']);
    expect(await ids({ _id: { $in: ['c'], $ne: 'c' } })).toEqual([]);

    expect((await docs.updateOne({ _id: 'a', v: { $lt: 1 } } as never, { $set: { v: 9 } })).modifiedCount).toBe(0);
    expect((await docs.updateMany({ _id: { $in: ['a', 'b'] }, v: 2 } as never, { $set: { v: 3 } })).modifiedCount).toBe(1);
    expect((await docs.deleteMany({ _id: { $in: ['a', 'b', 'c'] }, v: { $lt: 3 } } as never)).deletedCount).toBe(2);
    expect(await ids({})).toEqual([7, 'b']);
  });
});
