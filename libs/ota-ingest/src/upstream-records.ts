import { MessageHeaders, TopicKeys, Topics, upstreamV1 } from '@bakuun/contracts';
import type { UpstreamMessage, UpstreamMessageType } from './model';

/** Where each upstream message type goes; tests substitute their own topics. */
export interface UpstreamTopics {
  readonly ari: string;
  readonly mapping: string;
  readonly booking: string;
}

export const UPSTREAM_TOPICS: UpstreamTopics = { ari: Topics.ariUpdates, mapping: Topics.mappingChanges, booking: Topics.bookingEvents };

export const UPSTREAM_SCHEMA_VERSION = '1';

/** A Kafka record, independent of any client library. */
export interface UpstreamRecord {
  readonly topic: string;
  /** TopicKeys.byPartnerAndHotel: one hotel's messages share a partition and keep their order. */
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** The record for a message: topic by type, key partner:hotel, protobuf value, type / event-id / schema-version headers. */
export function toUpstreamRecord(upstream: UpstreamMessage, topics: UpstreamTopics = UPSTREAM_TOPICS): UpstreamRecord {
  const { message } = upstream;
  const envelope = message.envelope!;
  const headers = { [MessageHeaders.type]: upstream.type, [MessageHeaders.eventId]: envelope.messageId, [MessageHeaders.schemaVersion]: UPSTREAM_SCHEMA_VERSION };
  const key = TopicKeys.byPartnerAndHotel(envelope.partnerId, message.hotelCode);
  switch (upstream.type) {
    case 'AriUpdate':
      return { topic: topics.ari, key, value: upstreamV1.AriUpdate.encode(upstream.message).finish(), headers };
    case 'MappingChange':
      return { topic: topics.mapping, key, value: upstreamV1.MappingChange.encode(upstream.message).finish(), headers };
    case 'BookingEvent':
      return { topic: topics.booking, key, value: upstreamV1.BookingEvent.encode(upstream.message).finish(), headers };
  }
}

/** Decodes a record's value by its `type` header (the inverse of toUpstreamRecord). */
export function decodeUpstreamValue(type: string, value: Uint8Array): UpstreamMessage {
  switch (type as UpstreamMessageType) {
    case 'AriUpdate':
      return { type: 'AriUpdate', message: upstreamV1.AriUpdate.decode(value) };
    case 'MappingChange':
      return { type: 'MappingChange', message: upstreamV1.MappingChange.decode(value) };
    case 'BookingEvent':
      return { type: 'BookingEvent', message: upstreamV1.BookingEvent.decode(value) };
    default:
      throw new Error(`unknown upstream message type "${type}"`);
  }
}

const LABELS: Readonly<Record<UpstreamMessageType, readonly [string, string]>> = {
  AriUpdate: ['ARI update', 'ARI updates'],
  MappingChange: ['mapping change', 'mapping changes'],
  BookingEvent: ['booking event', 'booking events'],
};

/** Counts per type, e.g. `{ AriUpdate: 12, MappingChange: 0, BookingEvent: 0 }`. */
export function countByType(messages: readonly UpstreamMessage[]): Record<UpstreamMessageType, number> {
  const counts: Record<UpstreamMessageType, number> = { AriUpdate: 0, MappingChange: 0, BookingEvent: 0 };
  for (const m of messages) counts[m.type]++;
  return counts;
}

/** "12 ARI updates", "1 mapping change, 2 booking events" (types with messages only; "0 messages" when empty). */
export function describeCounts(messages: readonly UpstreamMessage[]): string {
  const counts = countByType(messages);
  const parts = (Object.keys(counts) as UpstreamMessageType[]).filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${LABELS[t][counts[t] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(', ') : '0 messages';
}
