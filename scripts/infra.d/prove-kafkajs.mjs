#!/usr/bin/env node
// Proves that kafkajs (the project's client) works against the local Kafka broker:
// admin topic creation, idempotent produce, consumer-group join + rebalance with two
// consumers, explicit offset commit, and re-reading the committed offsets.
//
// Usage: scripts/infra prove-kafkajs   or   node scripts/infra.d/prove-kafkajs.mjs [brokers]
// (default brokers: $KAFKA_BROKERS or 127.0.0.1:19092). kafkajs is resolved from the repo's
// node_modules (or NODE_PATH). Exit 0 = PASS. Set PROVE_DEBUG=1 to log every request/version.
import { randomUUID } from 'node:crypto';
import { requireClient } from './require-from-repo.mjs';

const { Kafka, logLevel } = requireClient('kafkajs');

const brokers = (process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',');
const runId = randomUUID().slice(0, 8);
const topic = `bakuun-prove-${runId}`;
const groupId = `bakuun-prove-group-${runId}`;
const deadline = setTimeout(() => fail('overall timeout (90s)'), 90_000);

const t0 = Date.now();
const step = (msg) => console.log(`[prove-kafkajs +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
function fail(msg) {
  console.error(`[prove-kafkajs] FAIL: ${msg}`);
  process.exit(1);
}
function check(cond, msg) {
  if (!cond) fail(msg);
}
async function waitFor(what, pred, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`timed out waiting for ${what}`);
}

const kafka = new Kafka({
  clientId: 'bakuun-prove',
  brokers,
  // Retriable errors (rebalance in progress, coordinator loading) are logged at ERROR by kafkajs.
  logLevel: process.env.PROVE_DEBUG ? logLevel.DEBUG : logLevel.NOTHING,
  retry: { retries: 5 },
});

const admin = kafka.admin();
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
const consumers = [];

async function main() {
  step(`brokers=${brokers.join(',')} topic=${topic} group=${groupId}`);
  await admin.connect();
  const cluster = await admin.describeCluster();
  step(`describeCluster ok: clusterId=${cluster.clusterId} brokers=${cluster.brokers.length} controller=${cluster.controller}`);

  const created = await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
  });
  check(created === true, 'createTopics did not report creation');
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  check(meta.topics[0].partitions.length === 2, 'topic should have 2 partitions');
  step('admin createTopics + fetchTopicMetadata ok (2 partitions)');

  await producer.connect();
  const send = async (from, count) => {
    const messages = [];
    for (let i = from; i < from + count; i++) {
      messages.push({ key: `k${i}`, value: `v${i}`, partition: i % 2 });
    }
    return producer.send({ topic, acks: -1, messages });
  };
  const res = await send(0, 10);
  check(res.length === 2 && res.every((r) => r.errorCode === 0), `idempotent produce failed: ${JSON.stringify(res)}`);
  step('idempotent produce ok (10 messages, acks=all)');

  // Consumer group: two members, manual commits.
  const received = new Map(); // value -> member
  const assignments = [null, null];
  const joins = [0, 0];
  const mkConsumer = async (idx) => {
    const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, rebalanceTimeout: 20_000, maxWaitTimeInMs: 500 });
    c.on(c.events.GROUP_JOIN, (e) => {
      joins[idx]++;
      assignments[idx] = e.payload.memberAssignment[topic] || [];
    });
    await c.connect();
    await c.subscribe({ topic, fromBeginning: true });
    await c.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        received.set(message.value.toString(), idx);
        await c.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      },
    });
    consumers.push(c);
    return c;
  };

  await mkConsumer(0);
  await waitFor('first consumer to join the group', () => joins[0] >= 1 && assignments[0]?.length === 2);
  step(`consumer A joined group, assigned partitions ${JSON.stringify(assignments[0])}`);
  await waitFor('first 10 messages', () => received.size >= 10);
  step('consumer A read the 10 messages and committed offsets');

  await mkConsumer(1);
  await waitFor(
    'rebalance to spread partitions over both members',
    () => assignments[0]?.length === 1 && assignments[1]?.length === 1,
  );
  step(`rebalance ok: A=${JSON.stringify(assignments[0])} B=${JSON.stringify(assignments[1])} (A joined ${joins[0]}x)`);

  await send(10, 10);
  await waitFor('next 10 messages on both members', () => received.size >= 20);
  const byMember = [0, 0];
  for (let i = 10; i < 20; i++) byMember[received.get(`v${i}`)]++;
  check(byMember[0] === 5 && byMember[1] === 5, `expected 5/5 split after rebalance, got ${byMember}`);
  step('both members consumed after rebalance (5 + 5)');

  for (const c of consumers.splice(0)) await c.disconnect();

  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  const offsets = committed[0].partitions.map((p) => `${p.partition}:${p.offset}`).sort();
  check(offsets.join(',') === '0:10,1:10', `committed offsets should be 0:10,1:10, got ${offsets}`);
  step(`admin fetchOffsets ok: committed ${offsets.join(',')}`);

  // Re-join with a fresh member: it must resume from the committed offsets, not from the beginning.
  await send(20, 2);
  const reread = [];
  const c3 = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 500 });
  await c3.connect();
  await c3.subscribe({ topic, fromBeginning: true });
  await c3.run({ eachMessage: async ({ message }) => reread.push(message.value.toString()) });
  consumers.push(c3);
  await waitFor('re-read from committed offsets', () => reread.length >= 2);
  await new Promise((r) => setTimeout(r, 1000));
  check(reread.sort().join(',') === 'v20,v21', `restart should read only v20,v21, got ${reread}`);
  step('new member resumed from committed offsets (read only the 2 new messages)');

  for (const c of consumers.splice(0)) await c.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  await admin.deleteGroups([groupId]).catch(() => {});
  await admin.disconnect();
  clearTimeout(deadline);
  step('PASS: kafkajs works against this broker');
}

main().catch((e) => fail(e?.stack || String(e)));
