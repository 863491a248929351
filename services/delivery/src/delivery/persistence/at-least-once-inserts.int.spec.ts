import mongoose, { Connection } from 'mongoose';
import { testNamespace } from '@bakuun/testing';
import { AttemptRecord, AttemptRepository } from './attempt.repository';
import { Delivery, DeliveryRepository } from './delivery.repository';
import { MessageRepository, StoredMessage } from './message.repository';

/**
 * Kafka delivers at least once, so the same message, delivery or attempt may be inserted twice.
 * The repositories insert through the driver (not mongoose documents): duplicates, one or
 * several, are skipped, the rest inserted, and the first copy kept as it was.
 */
describe('inserting what may already be stored', () => {
  const ns = testNamespace(__filename);
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(ns.mongoUri).asPromise();
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  const delivery = (id: string, body = 'first'): Delivery => ({
    deliveryId: id, messageId: `msg-${id}`, endpointId: 'ep-1', partnerId: 'p-1', category: 'ARI', hotelCode: 'H-1', ordinal: 1, apiVersion: '2024-01',
    body, attemptCount: 0, roundFailures: 0, nextAttemptAt: new Date(), loadedBy: 'process-1', createdAt: new Date(),
  });

  it('deliveries: one or several duplicates are reported as not inserted and left unchanged', async () => {
    const deliveries = new DeliveryRepository(connection);
    await deliveries.ensureIndexes();
    expect(await deliveries.insertMany([delivery('d-1'), delivery('d-2'), delivery('d-3')])).toEqual(new Set(['d-1', 'd-2', 'd-3']));

    expect(await deliveries.insertMany([delivery('d-1', 'second'), delivery('d-4')])).toEqual(new Set(['d-4']));
    expect(await deliveries.insertMany([delivery('d-2', 'second'), delivery('d-5'), delivery('d-3', 'second')])).toEqual(new Set(['d-5']));
    expect((await deliveries.byIds(['d-1', 'd-2', 'd-3'], 'process-1')).map((d) => d.body)).toEqual(['first', 'first', 'first']);
    // Once released (the endpoint taken over by another process), they are not this process's to load by id.
    await deliveries.release(['d-1'], 'process-1');
    expect((await deliveries.byIds(['d-1', 'd-2'], 'process-1')).map((d) => d.deliveryId)).toEqual(['d-2']);
    expect(await deliveries.countOpen('ep-1')).toBe(5);
  });

  it('messages: duplicates are skipped without an error', async () => {
    const messages = new MessageRepository(connection);
    await messages.ensureIndexes();
    const message = (id: string): StoredMessage => ({ messageId: id, partnerId: 'p-1', category: 'ARI', hotelCode: 'H-1', ordinal: 1, receivedAt: new Date(), producedAt: '2026-12-04T00:00:00Z', payload: Buffer.from(id), mapping: null });
    await messages.insertMany([message('m-1'), message('m-2')]);
    await messages.insertMany([message('m-1'), message('m-3'), message('m-2')]);
    expect([...(await messages.existing(['m-1', 'm-2', 'm-3', 'm-4'])).keys()].sort()).toEqual(['m-1', 'm-2', 'm-3']);
    expect((await messages.get('p-1', 'm-3'))?.payload.toString()).toBe('m-3');
  });

  it('attempts: a batch stored in part before a crash is completed when written again', async () => {
    const attempts = new AttemptRepository(connection);
    await attempts.ensureIndexes();
    const attempt = (n: number): AttemptRecord => ({
      attemptId: `a-${n}`, endpointId: 'ep-1', partnerId: 'p-1', category: 'ARI', messageId: 'msg-1', deliveryId: 'd-1', attemptNumber: n, outcome: 'RETRY_SCHEDULED',
      statusCode: 503, latencyMs: 12, errorClass: 'HTTP_5XX', errorMessage: '', endpointStreamVersion: 3, apiVersion: '2024-01', signingKeyIds: ['key-1'], attemptedAt: new Date(1_000 * n), nextAttemptAt: null,
    });
    await attempts.insertMany([attempt(1)]);
    await attempts.insertMany([attempt(1), attempt(2), attempt(3)]);
    expect((await attempts.byIds(['a-1', 'a-2', 'a-3'])).map((a) => a.attemptNumber)).toEqual([1, 2, 3]);
  });
});
