#!/usr/bin/env node
// Kafka readiness probe with the project's client: kafkajs admin describeCluster + topic metadata.
// Usage: node probe-kafka.mjs --brokers host:port[,host:port] [--wait SECONDS] [--pid PID] [--warm]
// --warm also waits for the group coordinator (creates __consumer_offsets) and a producer id
// (idempotent producer), so the first consumer group or producer of a test does not wait for them.
// Exit: 0 ready, 1 not ready in time, 2 watched pid died, 3 kafkajs not installed.
import { parseArgs, probeUntil, requireClient } from './require-from-repo.mjs';

const args = parseArgs(process.argv.slice(2));
const brokers = String(args.brokers || process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',');
const { Kafka, logLevel } = requireClient('kafkajs');

await probeUntil(
  `kafka ${brokers.join(',')}`,
  async () => {
    const kafka = new Kafka({
      clientId: 'bakuun-infra-probe',
      brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 1000,
      requestTimeout: 5000,
      retry: { retries: 0 },
    });
    const admin = kafka.admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      const { topics } = await admin.fetchTopicMetadata();
      if (args.warm) {
        await admin.describeGroups(['bakuun-infra-warmup']);
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 5, maxRetryTime: 2000 } });
        try {
          await producer.connect();
        } finally {
          await producer.disconnect().catch(() => {});
        }
      }
      return `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s), ${topics.length} topic(s)`;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  },
  { waitSeconds: args.wait ?? 0, pid: args.pid },
);
