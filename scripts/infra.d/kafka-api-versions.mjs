#!/usr/bin/env node
// Compares the protocol versions kafkajs implements with those the broker supports, per API.
// kafkajs 2.2.4 is no longer released while Kafka keeps removing old versions (KIP-896), so run
// this (via `scripts/infra verify`) whenever kafka.version in infra/kafka/pom.xml changes.
// Usage: node kafka-api-versions.mjs [host:port]   Exit 1 if an API has no common version.
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { requireClient } from './require-from-repo.mjs';

requireClient('kafkajs'); // exits with a clear message when it is not installed
const repoRequire = createRequire(path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'package.json'));
const requestsDir = path.join(path.dirname(repoRequire.resolve('kafkajs/package.json')), 'src/protocol/requests');
const apiKeys = repoRequire(path.join(requestsDir, 'apiKeys.js'));
const nameOf = Object.fromEntries(Object.entries(apiKeys).map(([name]) => [name.toLowerCase(), name]));
nameOf.findcoordinator = 'GroupCoordinator'; // kafkajs' name for FindCoordinator (key 10)

const [host, port] = (process.argv[2] || process.env.KAFKA_BROKERS || '127.0.0.1:19092').split(',')[0].split(':');

/** ApiVersions v0 request: every broker answers it, whatever its age. */
function brokerApiVersions() {
  return new Promise((resolve, reject) => {
    const clientId = Buffer.from('bakuun-infra');
    const body = Buffer.alloc(10 + clientId.length);
    body.writeInt16BE(18, 0); // ApiVersions
    body.writeInt16BE(0, 2); // version 0
    body.writeInt32BE(1, 4); // correlation id
    body.writeInt16BE(clientId.length, 8);
    clientId.copy(body, 10);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    const socket = net.connect(Number(port), host, () => socket.write(Buffer.concat([size, body])));
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('error', reject);
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < 4 + buf.readInt32BE(0)) return;
      socket.end();
      let o = 8; // size + correlation id
      const error = buf.readInt16BE(o);
      if (error !== 0) return reject(new Error(`ApiVersions error code ${error}`));
      const count = buf.readInt32BE(o + 2);
      o += 6;
      const ranges = new Map();
      for (let i = 0; i < count; i++, o += 6) ranges.set(buf.readInt16BE(o), [buf.readInt16BE(o + 2), buf.readInt16BE(o + 4)]);
      resolve(ranges);
    });
  });
}

const broker = await brokerApiVersions();
let incompatible = 0;
const rows = [];
for (const dir of fs.readdirSync(requestsDir)) {
  const index = path.join(requestsDir, dir, 'index.js');
  const name = nameOf[dir.toLowerCase()];
  if (!name || !fs.existsSync(index)) continue;
  const versions = [...fs.readFileSync(index, 'utf8').matchAll(/^\s+(\d+):/gm)].map((m) => Number(m[1]));
  if (!versions.length) continue;
  const key = apiKeys[name];
  const max = Math.max(...versions);
  const range = broker.get(key);
  let verdict;
  if (!range) verdict = 'broker lacks this API';
  else if (max < range[0] || Math.min(...versions) > range[1]) verdict = 'NO COMMON VERSION';
  else {
    // Flag APIs the broker already trimmed where kafkajs is at most one version above the floor.
    const thin = range[0] > 0 && max - range[0] <= 1 ? `  <- broker dropped ${range[0] === 1 ? 'v0' : `v0-v${range[0] - 1}`}; little headroom` : '';
    verdict = `uses v${Math.min(max, range[1])}${thin}`;
  }
  if (verdict === 'NO COMMON VERSION') incompatible++;
  rows.push([key, `${name.padEnd(28)} key ${String(key).padStart(2)}  kafkajs v${Math.min(...versions)}-v${max}  broker ${range ? `v${range[0]}-v${range[1]}` : '-'}  ${verdict}`]);
}
rows.sort((a, b) => a[0] - b[0]).forEach(([, line]) => console.log(line));
if (incompatible) {
  console.error(`${incompatible} API(s) without a common version: kafkajs cannot use them against ${host}:${port}`);
  process.exit(1);
}
console.log(`every API kafkajs implements has a common version with ${host}:${port}`);
