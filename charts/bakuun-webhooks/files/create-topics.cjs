'use strict';
/*
 * Creates the platform's Kafka topics that do not exist yet: `node create-topics.cjs topics.json`.
 * Run by the chart's pre-install/pre-upgrade hook Job on the platform image (Node + kafkajs).
 *
 * Idempotent by design: an existing topic is never altered. Raising a partition count moves
 * keys to other partitions, which breaks per-endpoint ordering while old and new partitions
 * drain, so that stays a deliberate operator action; a topic whose partitions or replication
 * differ from the values is reported as a warning instead.
 *
 * topics.json: { "brokers": ["host:port"], "timeoutMs": 120000,
 *                "topics": [{ "name", "partitions", "replicationFactor", "config": { "k": "v" } }] }
 * Logs are one JSON object per line. Exit 0 when every topic exists afterwards, else 1.
 */
const { readFileSync } = require('node:fs');
const { Kafka, logLevel } = require('kafkajs');

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

function log(level, msg, fields) {
  process.stdout.write(`${JSON.stringify({ level, service: 'kafka-topics', msg, ...fields })}\n`);
}

function readSpec(file) {
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  const problems = [];
  if (!Array.isArray(spec.brokers) || spec.brokers.length === 0) problems.push('brokers must be a non-empty list');
  if (!Number.isInteger(spec.timeoutMs) || spec.timeoutMs <= 0) problems.push('timeoutMs must be a positive integer');
  if (!Array.isArray(spec.topics)) problems.push('topics must be a list');
  for (const [i, t] of (spec.topics ?? []).entries()) {
    if (typeof t.name !== 'string' || !TOPIC_NAME.test(t.name)) problems.push(`topics[${i}].name is not a valid topic name`);
    if (!Number.isInteger(t.partitions) || t.partitions < 1) problems.push(`topics[${i}].partitions must be >= 1`);
    if (!Number.isInteger(t.replicationFactor) || t.replicationFactor < 1) problems.push(`topics[${i}].replicationFactor must be >= 1`);
    const minIsr = Number((t.config ?? {})['min.insync.replicas'] ?? 1);
    if (minIsr > t.replicationFactor) {
      problems.push(`topics[${i}] (${t.name}): min.insync.replicas ${minIsr} is above its replication factor ${t.replicationFactor}; acks=all producers could never write`);
    }
  }
  if (new Set((spec.topics ?? []).map((t) => t.name)).size !== (spec.topics ?? []).length) problems.push('topic names must be unique');
  if (problems.length > 0) throw new Error(`invalid ${file}: ${problems.join('; ')}`);
  return spec;
}

async function ensureTopics(spec) {
  const kafka = new Kafka({
    clientId: 'bakuun-webhooks-kafka-topics',
    brokers: spec.brokers,
    logLevel: logLevel.WARN,
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    // Brokers may still be starting when the release is installed together with them.
    retry: { initialRetryTime: 500, maxRetryTime: 10_000, retries: 12 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = spec.topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      // Resolves false, without throwing, when another run created them meanwhile.
      await admin.createTopics({
        waitForLeaders: true,
        timeout: Math.min(spec.timeoutMs, 60_000),
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value: String(value) })),
        })),
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: spec.topics.map((t) => t.name) });
    const byName = new Map(metadata.topics.map((t) => [t.name, t]));
    const mismatches = [];
    for (const wanted of spec.topics) {
      const actual = byName.get(wanted.name);
      if (!actual) throw new Error(`topic ${wanted.name} is still missing after creation`);
      const partitions = actual.partitions.length;
      const replicationFactor = Math.min(...actual.partitions.map((p) => p.replicas.length));
      if (partitions !== wanted.partitions || replicationFactor !== wanted.replicationFactor) {
        mismatches.push({ topic: wanted.name, partitions, wantedPartitions: wanted.partitions, replicationFactor, wantedReplicationFactor: wanted.replicationFactor });
      }
    }
    for (const m of mismatches) log('warn', 'existing topic differs from the values and was left as it is', m);
    const created = missing.map((t) => t.name);
    log('info', 'topics ready', { created, existing: spec.topics.map((t) => t.name).filter((n) => !created.includes(n)), mismatches: mismatches.length });
    return { created, mismatches };
  } finally {
    await admin.disconnect();
  }
}

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: create-topics.cjs <topics.json>');
  const spec = readSpec(file);
  const timer = setTimeout(() => {
    log('error', 'topic creation timed out', { timeoutMs: spec.timeoutMs });
    process.exit(1);
  }, spec.timeoutMs);
  timer.unref();
  await ensureTopics(spec);
  clearTimeout(timer);
}

module.exports = { readSpec, ensureTopics };

if (require.main === module) {
  main().catch((error) => {
    log('error', 'topic creation failed', { error: error instanceof Error ? error.message : String(error), type: error?.type });
    process.exit(1);
  });
}
