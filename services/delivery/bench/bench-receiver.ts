/**
 * The loopback receiver of `npm run bench:delivery`, in a process of its own so neither client
 * shares its event loop. Paths starting with /hang/ never answer; every other POST gets 204 and
 * is counted per first path segment, with its end-to-end latency (now - the body's `timestamp`,
 * the upstream production time). GET /stats/<segment> answers the counts; GET /reset clears them.
 */
import { createServer } from 'node:http';

interface Bucket {
  count: number;
  firstAt: number;
  lastAt: number;
  latencies: number[];
}

const buckets = new Map<string, Bucket>();
const bucket = (name: string): Bucket => {
  let b = buckets.get(name);
  if (!b) buckets.set(name, (b = { count: 0, firstAt: 0, lastAt: 0, latencies: [] }));
  return b;
};

const server = createServer((req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET') {
    if (url === '/reset') buckets.clear();
    const name = url.split('/')[2] ?? '';
    const b = bucket(name);
    const sorted = [...b.latencies].sort((x, y) => x - y);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: b.count, firstAt: b.firstAt, lastAt: b.lastAt, p50: pct(50), p99: pct(99), samples: sorted.length, rss: process.memoryUsage().rss }));
    return;
  }
  if (url.startsWith('/hang/')) {
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    const b = bucket(url.split('/')[1] ?? '');
    b.count++;
    if (!b.firstAt) b.firstAt = now;
    b.lastAt = now;
    if (url.startsWith('/lat/')) {
      const produced = Date.parse((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { timestamp: string }).timestamp);
      b.latencies.push(now - produced);
    }
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
