import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { MessageHeaders, TopicKeys } from '@bakuun/contracts';
import { findRepoRoot, testNamespace } from '@bakuun/testing';
import { messagesOf, SAMPLES, TESTDATA, sample } from './ingest.fixtures';
import { decodeUpstreamValue } from './upstream-records';
import type { UpstreamMessage } from './model';

const run = promisify(execFile);
const CLI = join(findRepoRoot(__dirname), 'dist', 'services', 'ingest', 'src', 'cli', 'ingest-cli.js');
const PARTNER = 'prt_int';

interface Received {
  readonly key: string;
  readonly partition: number;
  readonly headers: Record<string, string>;
  readonly message: UpstreamMessage;
}

/**
 * The ingest command as an operator runs it (the built CLI as a child process) against the real
 * broker started by scripts/infra, on this file's own topics (--topic-prefix).
 */
describe('npm run ingest: OTA files to upstream Kafka messages', () => {
  const ns = testNamespace(__filename);
  const kafka = new Kafka({ clientId: 'ingest-int', brokers: ns.kafkaBrokers, logLevel: logLevel.NOTHING });
  const consumers: Consumer[] = [];
  const topicsOf = (prefix: string) => ({ ari: `${prefix}bakuun.ari.v1`, mapping: `${prefix}bakuun.mapping.v1`, booking: `${prefix}bakuun.booking-events.v1` });

  async function createTopics(prefix: string): Promise<void> {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: Object.values(topicsOf(prefix)).map((topic) => ({ topic, numPartitions: 2 })) });
    await admin.disconnect();
  }

  async function messageCount(topic: string): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  }

  async function consume(topic: string, count: number): Promise<Received[]> {
    const consumer = kafka.consumer({ groupId: ns.group(topic), maxWaitTimeInMs: 500 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: Received[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${count} messages from ${topic}`)), 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          received.push({ key: message.key!.toString(), partition, headers, message: decodeUpstreamValue(headers[MessageHeaders.type]!, message.value!) });
          if (received.length === count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return received;
  }

  const cli = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(process.execPath, [CLI, '--partner', PARTNER, '--brokers', ns.kafkaBrokers.join(','), ...args], { cwd: TESTDATA, env: { ...process.env, INIT_CWD: TESTDATA } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
  });

  it('produces every message of the sample files to the ARI topic, keyed partner:hotel, as protobuf that decodes to what the parser built', async () => {
    const prefix = ns.topic('ok.');
    await createTopics(prefix);
    const files = [SAMPLES.availSetLimit, SAMPLES.rateAmount];
    const result = await cli(['--currency', 'EUR', '--topic-prefix', prefix, ...files]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(`${SAMPLES.availSetLimit}: 4 ARI updates, 0 errors\n${SAMPLES.rateAmount}: 2 ARI updates, 0 errors\nproduced 6 message(s)\n`);

    const received = await consume(topicsOf(prefix).ari, 6);
    const expected = files.flatMap((file) => messagesOf(sample(file), { partnerId: PARTNER, defaultCurrencyCode: 'EUR' }));
    const byId = new Map(received.map((r) => [r.message.message.envelope!.messageId, r]));
    expect([...byId.keys()].sort()).toEqual(expected.map((m) => m.message.envelope!.messageId).sort());
    for (const message of expected) {
      const got = byId.get(message.message.envelope!.messageId)!;
      expect(got.key).toBe(TopicKeys.byPartnerAndHotel(PARTNER, message.message.hotelCode));
      expect(got.headers).toEqual({ type: 'AriUpdate', 'event-id': message.message.envelope!.messageId, 'schema-version': '1' });
      // The CLI stamps produced_at with its own clock; everything else is the parser's output.
      const { producedAt: _at, ...envelope } = got.message.message.envelope!;
      const { producedAt: _expectedAt, ...expectedEnvelope } = message.message.envelope!;
      expect({ ...got.message.message, envelope }).toEqual({ ...message.message, envelope: expectedEnvelope });
    }
    // One hotel per file here: each file's messages share a key, hence a partition, in document order.
    for (const hotel of ['00000', 'AL_TEST']) {
      const positions = received.filter((r) => r.key === `${PARTNER}:${hotel}`).map((r) => r.message.message.envelope!.source!.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('a file with an error produces nothing, not even the good files of the same run, and exits 1 naming the element', async () => {
    const prefix = ns.topic('bad.');
    await createTopics(prefix);
    const result = await cli(['--currency', 'EUR', '--topic-prefix', prefix, SAMPLES.availSetLimit, SAMPLES.invalidRateAmount]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${SAMPLES.invalidRateAmount}: 1 error\n  /OTA_HotelRateAmountNotifRQ/RateAmountMessages/RateAmountMessage[2]/StatusApplicationControl/@End: end 2017-02-19 is before start 2017-02-20 (both ends are inclusive) [INGEST.DATE_RANGE_REVERSED]\n`);
    expect(result.stdout).toContain('nothing produced');
    for (const topic of Object.values(topicsOf(prefix))) expect(await messageCount(topic)).toBe(0);
  });

  it('--dry-run --json validates and reports without producing', async () => {
    const prefix = ns.topic('dry.');
    await createTopics(prefix);
    const result = await cli(['--dry-run', '--json', '--topic-prefix', prefix, SAMPLES.jsonBooking]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; produced: boolean; files: Array<{ counts: object; messageIds: string[] }> };
    expect(report).toMatchObject({ ok: true, dryRun: true, produced: false, files: [{ file: SAMPLES.jsonBooking, ok: true, documentType: 'json:booking', counts: { AriUpdate: 0, MappingChange: 0, BookingEvent: 2 }, errors: [] }] });
    expect(report.files[0]!.messageIds).toEqual(messagesOf(sample(SAMPLES.jsonBooking), { partnerId: PARTNER }).map((m) => m.message.envelope!.messageId));
    expect(await messageCount(topicsOf(prefix).booking)).toBe(0);
  });
});
