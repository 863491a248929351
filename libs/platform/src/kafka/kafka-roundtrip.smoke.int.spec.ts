import { Consumer, Kafka, Producer } from 'kafkajs';
import { testNamespace } from '@bakuun/testing';
import { createKafka } from './kafka-client';

/** Proves the broker started by scripts/infra is real and speaks kafkajs' protocol versions. */
describe('kafkajs against the local broker', () => {
  const ns = testNamespace(__filename);
  const topic = ns.topic('roundtrip');
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    kafka = createKafka({ clientId: 'smoke', brokers: ns.kafkaBrokers });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
    await admin.disconnect();
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await producer?.disconnect();
  });

  it('delivers every message of an idempotent producer to a consumer group, in order per key', async () => {
    const keys = ['ep_a', 'ep_b', 'ep_c', 'ep_d'];
    const perKey = 25;
    const messages = keys.flatMap((key) => Array.from({ length: perKey }, (_, i) => ({ key, value: String(i) })));
    await producer.send({ topic, messages });

    const received = new Map<string, number[]>();
    const partitionsSeen = new Set<number>();
    const consumer = kafka.consumer({ groupId: ns.group('roundtrip') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          partitionsSeen.add(partition);
          const key = message.key!.toString();
          received.set(key, [...(received.get(key) ?? []), Number(message.value!.toString())]);
          if ([...received.values()].reduce((n, list) => n + list.length, 0) === messages.length) resolve();
        },
      });
    });
    await allReceived;

    for (const key of keys) expect(received.get(key)).toEqual(Array.from({ length: perKey }, (_, i) => i));
    expect(partitionsSeen.size).toBe(2);
  });

  it('commits offsets so a restarted group member resumes after the last message', async () => {
    const groupId = ns.group('resume');
    const first = kafka.consumer({ groupId });
    consumers.push(first);
    await first.connect();
    await first.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve) => {
      void first.run({ eachMessage: async () => { if (++seen === 100) resolve(); } });
    });
    await first.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    const total = committed[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0);
    expect(total).toBe(100);
  });
});
