import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { endpointEventsV1, endpointsV1, TopicKeys, upstreamV1 } from '@bakuun/contracts';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const suffix = (): string => `0${[...randomBytes(25)].map((b) => ALPHABET[b & 31]).join('')}`;

export const newEndpointId = (): string => `ep_${suffix()}`;
export const newMessageId = (): string => `msg_${suffix()}`;

const categories = { ARI: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI, MAPPING: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING, BOOKING: endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING } as const;
const CURRENT = { ARI: '2025-09-01', MAPPING: '2025-06-01', BOOKING: '2025-01-15' } as const;

type Payload = Omit<Partial<endpointEventsV1.EndpointEventEnvelope>, 'eventId' | 'streamId' | 'streamVersion' | 'type'>;

/**
 * Plays the registry for delivery tests: publishes EndpointEventEnvelope messages on the test's
 * endpoint-events topic (key = endpoint id), with increasing stream versions per endpoint.
 */
export class EndpointEventsFeed {
  private readonly versions = new Map<string, number>();
  private readonly partners = new Map<string, string>();
  private position = 0;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /** EndpointAdded (outbound, PUSH for ARI/MAPPING, READ for BOOKING) then, unless `active` is false, EndpointActivated. */
  async add(options: { partnerId: string; category: keyof typeof categories; url: string; keyId: string; apiVersion?: string; active?: boolean }): Promise<string> {
    const endpointId = newEndpointId();
    this.partners.set(endpointId, options.partnerId);
    const method = options.category === 'BOOKING' ? endpointsV1.EndpointMethod.ENDPOINT_METHOD_READ : endpointsV1.EndpointMethod.ENDPOINT_METHOD_PUSH;
    await this.publish(endpointId, 'EndpointAdded', {
      endpointAdded: { endpointId, partnerId: options.partnerId, category: categories[options.category], method, direction: endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND, url: options.url, urlGenerated: false, apiVersion: options.apiVersion ?? CURRENT[options.category], keyId: options.keyId, maskedKey: 'whsec_test…abcd', addedAt: new Date().toISOString() },
    });
    if (options.active !== false) await this.activate(endpointId);
    return endpointId;
  }

  activate(endpointId: string): Promise<void> {
    return this.publish(endpointId, 'EndpointActivated', { endpointActivated: { endpointId, activatedAt: new Date().toISOString() } });
  }

  suspend(endpointId: string): Promise<void> {
    return this.publish(endpointId, 'EndpointSuspended', { endpointSuspended: { endpointId, reason: { manual: { note: 'test' } }, suspendedAt: new Date().toISOString() } });
  }

  configureUrl(endpointId: string, url: string): Promise<void> {
    return this.publish(endpointId, 'EndpointUrlConfigured', { endpointUrlConfigured: { endpointId, url, previousUrl: '', configuredAt: new Date().toISOString() } });
  }

  rollKey(endpointId: string, oldKeyId: string, newKeyId: string, oldKeyExpiresAt: string): Promise<void> {
    return this.publish(endpointId, 'EndpointKeyRolled', { endpointKeyRolled: { endpointId, newKeyId, maskedKey: 'whsec_test…efgh', oldKeyId, oldKeyExpiresAt } });
  }

  delete(endpointId: string): Promise<void> {
    return this.publish(endpointId, 'EndpointDeleted', { endpointDeleted: { endpointId, deletedAt: new Date().toISOString() } });
  }

  private async publish(endpointId: string, type: string, payload: Payload): Promise<void> {
    const streamVersion = (this.versions.get(endpointId) ?? 0) + 1;
    this.versions.set(endpointId, streamVersion);
    const envelope: endpointEventsV1.EndpointEventEnvelope = {
      eventId: randomUUID(), streamId: endpointId, streamVersion, globalPosition: ++this.position, type, schemaVersion: 1, occurredAt: new Date().toISOString(),
      actor: { kind: endpointsV1.ActorKind.ACTOR_KIND_USER, id: 'op' }, correlationId: '', causationId: '', requestId: '', previousHash: '', hash: '', partnerId: this.partners.get(endpointId) ?? '', ...payload,
    };
    await this.producer.send({ topic: this.topic, acks: -1, messages: [{ key: TopicKeys.byEndpoint(endpointId), value: Buffer.from(endpointEventsV1.EndpointEventEnvelope.encode(envelope).finish()) }] });
  }
}

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

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
