/**
 * The durable floor of `npm run bench:inbound`: the least a booking push must do to accept a
 * request exactly once per idempotency key, served as plainly as possible, so the bench can print
 * what this machine and these servers allow next to what the edge reaches.
 *
 * A bare `node:http` server (no framework, no authentication, no validation beyond JSON.parse):
 * POST reads the body, claims its Idempotency-Key with one insert into MongoDB and hands the body
 * to Kafka (acks from all in-sync replicas), then answers 202. Both writes are group-committed
 * exactly as the edge's are (same GroupCommit: one insert, one produce request per flush), so the
 * floor differs from a push only by what a push must do besides. GET answers 204 with no I/O.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kafka, Message } from 'kafkajs';
import mongoose from 'mongoose';
import { GroupCommit, type ItemOutcome } from '../src/inbound/batching/group-commit';

export interface DurablePushFloor {
  readonly origin: string;
  close(): Promise<void>;
}

interface Claim {
  _id: string;
  receivedAt: Date;
}

export async function startDurablePushFloor(options: { kafka: Kafka; topic: string; mongoUri: string }): Promise<DurablePushFloor> {
  const mongo = await mongoose.createConnection(options.mongoUri).asPromise();
  const claims = mongo.collection<Claim>('floor_claims');
  const producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  await producer.connect();
  const claimed = new GroupCommit<Claim, void>(async (batch) => {
    await claims.insertMany([...batch], { ordered: false });
    return batch.map((): ItemOutcome<void> => ({ ok: true, value: undefined }));
  });
  const produced = new GroupCommit<Message, void>(async (batch) => {
    await producer.send({ topic: options.topic, acks: -1, messages: [...batch] });
    return batch.map((): ItemOutcome<void> => ({ ok: true, value: undefined }));
  });

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(204).end();
      return;
    }
    void (async () => {
      try {
        const body = await readBody(req);
        JSON.parse(body.toString('utf8'));
        const key = String(req.headers['idempotency-key']);
        await claimed.submit({ _id: key, receivedAt: new Date() });
        await produced.submit({ key, value: body });
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'accepted', idempotencyKey: key }));
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(error instanceof Error ? error.message : String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await claimed.idle();
      await produced.idle();
      await producer.disconnect();
      await claims.drop().catch(() => false);
      await mongo.close();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
