/**
 * The durable floor of `npm run bench:delivery`: the least any delivery pipeline must do per
 * delivery with the guarantees issue 5 asks for, written as plainly as possible, so the bench can
 * print what this machine and these servers allow next to what the delivery service reaches.
 *
 * Per Kafka batch: decode each ARI update, render a JSON body, and for each of the endpoints sign
 * it (HMAC-SHA256, Standard Webhooks) and POST it; then insert one attempt document per POST into
 * MongoDB and publish the attempts to Kafka; the offset is committed after that (kafkajs commits
 * once `eachBatch` returns). Nothing else: no delivery documents (a crash resends the batch with
 * the same webhook ids, derived from message and endpoint), no retries, no endpoint view, no
 * ordering, no rendering per API version, no breaker.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import mongoose from 'mongoose';
import { Pool } from 'undici';
import { upstreamV1 } from '@bakuun/contracts';

interface FloorAttempt { _id: string; webhookId: string; endpoint: string; status: number; latencyMs: number; at: Date }

export interface DurableFloorOptions {
  kafka: Kafka;
  topic: string;
  attemptsTopic: string;
  groupId: string;
  mongoUri: string;
  /** The receiver's base URL; each endpoint is a path under it. */
  base: string;
  endpointPaths: string[];
  /** Resolves when this many deliveries have been attempted, stored and published. */
  deliveries: number;
}

/** Deliveries per second from the first message consumed to the last attempt published. */
export async function runDurableFloor(options: DurableFloorOptions): Promise<number> {
  const secret = randomBytes(32);
  const pool = new Pool(options.base, { connections: 64, pipelining: 1 });
  const mongo = await mongoose.createConnection(options.mongoUri).asPromise();
  const attempts = mongo.collection<FloorAttempt>('floor_attempts');
  const producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = options.kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  let done = 0;
  let firstAt = 0;
  let finished!: (lastAt: number) => void;
  const allDone = new Promise<number>((resolve) => (finished = resolve));
  try {
    await consumer.run({
      partitionsConsumedConcurrently: 4,
      eachBatch: async ({ batch }) => {
        if (!firstAt) firstAt = performance.now();
        const sends: (() => Promise<FloorAttempt>)[] = [];
        for (const message of batch.messages) {
          const update = upstreamV1.AriUpdate.decode(message.value!);
          const body = JSON.stringify({ type: 'ari.updated', timestamp: update.envelope!.producedAt, data: { updates: [update] } });
          for (const path of options.endpointPaths) {
            const webhookId = `${update.envelope!.messageId}.${path}`;
            sends.push(async () => {
              const timestamp = Math.floor(Date.now() / 1000);
              const signature = createHmac('sha256', secret).update(`${webhookId}.${timestamp}.${body}`).digest('base64');
              const started = performance.now();
              const res = await pool.request({ path, method: 'POST', body, headers: { 'content-type': 'application/json', 'webhook-id': webhookId, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` } });
              await res.body.dump();
              return { _id: `${webhookId}.1`, webhookId, endpoint: path, status: res.statusCode, latencyMs: performance.now() - started, at: new Date() };
            });
          }
        }
        const results = await inParallel(sends, 64);
        await attempts.insertMany(results, { ordered: false });
        await producer.send({ topic: options.attemptsTopic, acks: -1, messages: results.map((r) => ({ key: r.endpoint, value: JSON.stringify(r) })) });
        done += results.length;
        if (done >= options.deliveries) finished(performance.now());
      },
    });
    const lastAt = await allDone;
    return done / ((lastAt - firstAt) / 1000);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await attempts.drop().catch(() => false);
    await mongo.close();
    await pool.close();
  }
}

async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  }));
  return results;
}
