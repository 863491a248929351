import { MessageHeaders, TopicKeys, Topics } from '@bakuun/contracts';
import { messagesOf, mutate, PARTNER, sample, SAMPLES } from './ingest.fixtures';
import { deterministicMessageId } from './message-id';
import { decodeUpstreamValue, describeCounts, toUpstreamRecord } from './upstream-records';

const ALL = Object.values(SAMPLES).filter((name) => !name.startsWith('invalid'));
const OPTIONS = { defaultCurrencyCode: 'EUR' };

describe('parseUpstreamDocument', () => {
  it.each(ALL)('%s: same bytes, same messages and ids, whatever the receive time (except produced_at)', (name) => {
    const first = messagesOf(sample(name), OPTIONS);
    const again = messagesOf(sample(name), { ...OPTIONS, receivedAt: '2030-06-01T12:00:00Z' });
    expect(again.map((m) => m.message.envelope!.messageId)).toEqual(first.map((m) => m.message.envelope!.messageId));
    expect(new Set(first.map((m) => m.message.envelope!.messageId)).size).toBe(first.length);
    for (const m of first) expect(m.message.envelope!.messageId).toMatch(/^msg_[0-7][0-9a-hjkmnp-tv-z]{25}$/);
    expect(first.map((m) => m.message.envelope!.source!.position)).toEqual(first.map((_, i) => i + 1));
  });

  it('ids depend on the partner and on every byte of the document', () => {
    const ids = (content: string, partnerId = PARTNER) => messagesOf(content, { partnerId }).map((m) => m.message.envelope!.messageId);
    const original = ids(sample(SAMPLES.availSetLimit));
    expect(ids(sample(SAMPLES.availSetLimit), 'prt_8')).not.toContain(original[0]);
    expect(ids(mutate(SAMPLES.availSetLimit, 'HotelName="The Sheraton"', 'HotelName="The Sheraton "'))).not.toContain(original[0]);
  });

  it('message ids are pinned: a change in the derivation would break idempotency downstream', () => {
    expect(deterministicMessageId('prt_7', 'a'.repeat(64), 1)).toBe(deterministicMessageId('prt_7', 'a'.repeat(64), 1));
    expect(deterministicMessageId('prt_7', '046214804de1ec0c4903ba3b5552945071ab62b0d71226ee26e6be118b51463e', 1)).toBe('msg_3hd8k5tgzf9nv85tm3xfvwcb4b');
  });

  it('the sequence orders documents by their TimeStamp, then by position', () => {
    const older = messagesOf(sample(SAMPLES.availSetLimit));
    const newer = messagesOf(mutate(SAMPLES.availSetLimit, 'TimeStamp="2004-05-01T06:39:09"', 'TimeStamp="2004-05-01T08:39:09+02:00"').replace('BookingLimit="8"', 'BookingLimit="9"'));
    const key = (m: (typeof older)[number]) => (m.type === 'AriUpdate' ? `${m.message.sequence!.sourceTime}#${String(m.message.sequence!.position).padStart(6, '0')}` : '');
    // 08:39:09+02:00 is the same instant as 06:39:09Z: ties fall back to position (and Kafka order).
    expect(key(newer[3]!)).toBe(key(older[3]!));
    const later = messagesOf(mutate(SAMPLES.availSetLimit, 'TimeStamp="2004-05-01T06:39:09"', 'TimeStamp="2004-05-01T06:39:10Z"'));
    expect(key(later[0]!) > key(older[3]!)).toBe(true);
  });
});

describe('Kafka records', () => {
  it('route by type to the upstream topic, key partner:hotel, protobuf value that decodes back, headers', () => {
    for (const [name, topic] of [[SAMPLES.availSetLimit, Topics.ariUpdates], [SAMPLES.jsonMapping, Topics.mappingChanges], [SAMPLES.resNotif, Topics.bookingEvents]] as const) {
      for (const message of messagesOf(sample(name), OPTIONS)) {
        const record = toUpstreamRecord(message);
        expect(record.topic).toBe(topic);
        expect(record.key).toBe(TopicKeys.byPartnerAndHotel(PARTNER, message.message.hotelCode));
        expect(record.headers).toEqual({ [MessageHeaders.type]: message.type, [MessageHeaders.eventId]: message.message.envelope!.messageId, [MessageHeaders.schemaVersion]: '1' });
        // toEqual: an unset optional field decodes as absent, which equals undefined.
        expect(decodeUpstreamValue(record.headers.type!, record.value)).toEqual(message);
      }
    }
  });

  it('test topics can be substituted', () => {
    const [message] = messagesOf(sample(SAMPLES.availSetLimit));
    expect(toUpstreamRecord(message!, { ari: 't.x.ari', mapping: 't.x.mapping', booking: 't.x.booking' }).topic).toBe('t.x.ari');
  });

  it('summarises counts per type', () => {
    expect(describeCounts(messagesOf(sample(SAMPLES.availAdjustLimit)))).toBe('6 ARI updates');
    expect(describeCounts([...messagesOf(sample(SAMPLES.jsonMapping)), ...messagesOf(sample(SAMPLES.jsonBooking))])).toBe('1 mapping change, 2 booking events');
    expect(describeCounts([])).toBe('0 messages');
  });
});
