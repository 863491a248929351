import { readFileSync } from 'node:fs';
import { createServer, Server, Socket, connect } from 'node:net';
import { join } from 'node:path';
import { Kafka } from 'kafkajs';
import { upstreamV1 } from '@bakuun/contracts';
import { findRepoRoot, freePort, testNamespace } from '@bakuun/testing';
import { InboundEndpoint, InboundFixture, startInboundFixture } from '../../testing/inbound-fixture';
import { PRODUCER_KAFKA } from '../inbound.di-tokens';

const JSON_BOOKING = readFileSync(join(findRepoRoot(__dirname), 'libs/ota-ingest/testdata/bakuun_booking.json'));
const { MAPPING_OPERATION_UPSERT: UPSERT } = upstreamV1.MappingOperation;

/** A loopback TCP proxy to the real broker that the test cuts and restores. */
class BrokerProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }
}

/**
 * The shared broker cannot be stopped, so the edge's producer reaches it only through a proxy
 * this test controls: every connection the producer opens (bootstrap and the advertised broker
 * address alike) goes to the proxy. Consumers and the rest of the platform use the broker directly.
 */
describe('booking push while Kafka is unavailable', () => {
  const ns = testNamespace(__filename);
  let f: InboundFixture;
  let proxy: BrokerProxy;
  let e: InboundEndpoint;

  beforeAll(async () => {
    const [host, port] = ns.kafkaBrokers[0]!.split(':');
    proxy = new BrokerProxy(await freePort(), { host: host!, port: Number(port) });
    await proxy.up();
    const producerKafka = { provide: PRODUCER_KAFKA, useFactory: () => throughProxy(proxy.port) };
    f = await startInboundFixture(ns, { INBOUND_PRODUCE_TIMEOUT_MS: '3000' }, [producerKafka]);
    e = await f.addBookingPush('partner-k');
    await f.activate(e);
    await f.publishMapping('partner-k', { hotelCode: 'AL_TEST', operation: UPSERT, hotelName: 'A', roomTypes: ['RO_TEST', 'RO_TEST2'].map((code) => ({ code, operation: UPSERT, name: code })), ratePlans: ['001', '003'].map((code) => ({ code, operation: UPSERT, name: code, roomTypeCodes: [] })) });
  });

  afterAll(async () => {
    await f?.close();
    await proxy?.down();
  });

  const push = (idem: string) => fetch(e.url, { method: 'POST', body: JSON_BOOKING, headers: { 'Content-Type': 'application/json', 'X-Api-Key': e.apiKey, 'Idempotency-Key': idem } });

  it('answers 202 only for bookings Kafka has, 503 (with Retry-After) while it is cut off, and a retry after recovery is produced once', async () => {
    let first = await push('outage-0');
    // The mapping the booking is checked against may still be on its way (400); asking again at once would meet the rate limit.
    while (first.status === 400) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      first = await push('outage-0');
    }
    expect(first.status).toBe(202);

    await proxy.down();
    const answers: Record<string, number> = {};
    for (const idem of ['outage-1', 'outage-2']) {
      const r = await push(idem);
      answers[idem] = r.status;
      if (r.status === 503) {
        expect(r.headers.get('retry-after')).toBe('1');
        expect(((await r.json()) as { code: string }).code).toBe('INBOUND.UNAVAILABLE');
      }
    }
    // Never accepted while the broker is unreachable.
    expect(Object.values(answers)).toEqual([503, 503]);

    await proxy.up();
    let retried = await push('outage-1');
    while (retried.status === 503) retried = await push('outage-1');
    expect(retried.status).toBe(202);

    const produced = await f.consumedBookings(4);
    const byKey = (k: string) => produced.filter((b) => b.idempotencyKey === k).map((b) => b.messageId);
    expect(byKey('outage-0')).toHaveLength(2);
    expect(new Set(byKey('outage-1')).size).toBe(2);
    expect(byKey('outage-2')).toHaveLength(0);
  });
});

/** kafkajs opens a socket per broker it learns of; this factory sends each of them to the proxy. */
function throughProxy(port: number): Kafka {
  return new Kafka({
    clientId: 'inbound-edge',
    brokers: [`127.0.0.1:${port}`],
    retry: { initialRetryTime: 100, retries: 2 },
    socketFactory: ({ onConnect }) => {
      const socket = connect({ host: '127.0.0.1', port }, onConnect);
      socket.setKeepAlive(true, 60_000);
      return socket;
    },
  });
}
