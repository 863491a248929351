#!/usr/bin/env node
// MongoDB/FerretDB readiness probe with the project's driver: `ping` on the admin database.
// Usage: node probe-mongo.mjs --uri mongodb://... [--wait SECONDS] [--pid PID] [--check-unique]
// --check-unique also proves that a compound unique index rejects a duplicate (the event store
// relies on a unique (streamId, version) index for optimistic concurrency).
// Exit: 0 ready, 1 not ready in time / check failed, 2 watched pid died, 3 mongodb not installed.
import { parseArgs, probeUntil, requireClient } from './require-from-repo.mjs';

const args = parseArgs(process.argv.slice(2));
const uri = String(args.uri || process.env.MONGODB_URI || 'mongodb://127.0.0.1:27117/');
const { MongoClient } = requireClient('mongodb');

async function checkCompoundUnique(client) {
  const db = client.db(`bakuun_infra_check_${process.pid}`);
  try {
    const coll = db.collection('events');
    await coll.createIndex({ streamId: 1, version: 1 }, { unique: true, name: 'stream_version_unique' });
    await coll.insertOne({ streamId: 'ep_1', version: 1 });
    await coll.insertOne({ streamId: 'ep_1', version: 2 });
    await coll.insertOne({ streamId: 'ep_2', version: 1 });
    try {
      await coll.insertOne({ streamId: 'ep_1', version: 1 });
    } catch (e) {
      if (e?.code === 11000) return 'compound unique index rejects duplicates (E11000)';
      throw new Error(`duplicate insert failed with an unexpected error: ${e?.code} ${e?.message}`);
    }
    console.error('compound unique index check FAILED: the duplicate (streamId, version) was accepted');
    process.exit(1);
  } finally {
    await db.dropDatabase().catch(() => {});
  }
}

await probeUntil(
  `mongodb ${uri.replace(/\/\/[^@/]*@/, '//***@')}`,
  async () => {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      const info = await client.db('admin').command({ buildInfo: 1 });
      const flavour = info.ferretdbVersion ? `FerretDB ${info.ferretdbVersion}` : `MongoDB ${info.version}`;
      return args['check-unique'] ? `${flavour}; ${await checkCompoundUnique(client)}` : `${flavour}, ping ok`;
    } finally {
      await client.close().catch(() => {});
    }
  },
  { waitSeconds: args.wait ?? 0, pid: args.pid },
);
