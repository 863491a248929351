import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { createKafka, ensureTopics } from '@bakuun/platform';
import { findRepoRoot, testNamespace } from '@bakuun/testing';
import { parseFiles, prefixedTopics, produceFiles } from './ingest-files';

const testdata = join(findRepoRoot(__dirname), 'libs', 'ota-ingest', 'testdata');
const file = (name: string) => ({ name, content: readFileSync(join(testdata, name)) });
const OPTIONS = { partnerId: 'prt_files', receivedAt: '2025-01-01T00:00:00Z', defaultCurrencyCode: 'USD' };

describe('produceFiles', () => {
  const ns = testNamespace(__filename);
  const kafka = createKafka({ clientId: 'ingest-files-int', brokers: ns.kafkaBrokers });
  const topics = prefixedTopics(ns.topic(''));
  let producer: Producer;

  beforeAll(async () => {
    await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic })));
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
  });

  const count = async (topic: string) => {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((n, p) => n + Number(p.high), 0);
  };

  it('refuses the whole run when one file is invalid, before sending anything', async () => {
    const outcomes = parseFiles([file('opentravel-2011b_OTA_HotelResNotifRQ_commit_anonymized.xml'), file('invalid_OTA_HotelRateAmountNotifRQ_end-before-start.xml')], OPTIONS);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    await expect(produceFiles(producer, outcomes, topics)).rejects.toThrow('refusing to produce: invalid_OTA_HotelRateAmountNotifRQ_end-before-start.xml failed validation');
    expect(await count(topics.booking)).toBe(0);
  });

  it('sends each file to the topic of its message type', async () => {
    const outcomes = parseFiles([file('opentravel-2011b_OTA_HotelResNotifRQ_commit_anonymized.xml'), file('bakuun_mapping.json'), file('bakuun_ari.json')], OPTIONS);
    await produceFiles(producer, outcomes, topics);
    expect([await count(topics.booking), await count(topics.mapping), await count(topics.ari)]).toEqual([1, 1, 3]);
  });
});
