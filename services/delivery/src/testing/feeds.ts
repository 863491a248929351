import { randomBytes } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { TopicKeys, upstreamV1 } from '@bakuun/contracts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const suffix = (): string => `0${[...randomBytes(25)].map((b) => ALPHABET[b & 31]).join('')}`;

export const newMessageId = (): string => `msg_${suffix()}`;

const eur = (amount: string): upstreamV1.Money => ({ currencyCode: 'EUR', amount });

/** An ARI update for one day, setting the availability to `available` and the double-occupancy rate to `amount`. */
export function ariUpdate(partnerId: string, hotelCode: string, options: { date?: string; available?: number; adjustBy?: number; amount?: string; roomTypeCode?: string; messageId?: string } = {}): upstreamV1.AriUpdate {
  const date = options.date ?? '2026-06-01';
  return {
    envelope: { messageId: options.messageId ?? newMessageId(), partnerId, producedAt: new Date().toISOString() },
    hotelCode,
    roomTypeCode: options.roomTypeCode ?? 'DBL',
    allRoomTypes: false,
    ratePlanCode: 'BAR',
    dates: { start: date, end: date },
    daysOfWeek: [],
    availability: options.adjustBy !== undefined ? { kind: upstreamV1.AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT, adjustBy: options.adjustBy } : { kind: upstreamV1.AvailabilityKind.AVAILABILITY_KIND_BOOKING_LIMIT, setTo: options.available ?? 5 },
    rates: options.amount ? [{ numberOfGuests: 2, ageQualifyingCode: '10', amountAfterTax: eur(options.amount) }] : [],
    restrictions: undefined,
    sequence: undefined,
  };
}

/** Produces upstream ARI updates on the test's ARI topic, keyed by partner and hotel like the platform. */
export async function produceAri(producer: Producer, topic: string, updates: upstreamV1.AriUpdate[]): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: updates.map((u) => ({ key: TopicKeys.byPartnerAndHotel(u.envelope!.partnerId, u.hotelCode), value: Buffer.from(upstreamV1.AriUpdate.encode(u).finish()), headers: { type: 'AriUpdate', 'event-id': u.envelope!.messageId, 'schema-version': '1' } })),
  });
}

export async function createTopics(kafka: Kafka, topics: { topic: string; numPartitions?: number }[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 1 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** How many messages the topic holds (all partitions). */
export async function messagesOnTopic(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
