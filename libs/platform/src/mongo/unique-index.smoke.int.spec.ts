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
});
