import { upstreamV1 } from '@bakuun/contracts';
import type { UpstreamCategory, UpstreamMessage } from '@bakuun/delivery-domain';
import { ValidationError } from '@bakuun/errors';

const MESSAGE_ID = /^msg_[0-7][0-9a-hjkmnp-tv-z]{25}$/;

function common(envelope: upstreamV1.UpstreamEnvelope | undefined, hotelCode: string, what: string) {
  if (!envelope || !MESSAGE_ID.test(envelope.messageId)) throw new ValidationError('UPSTREAM.MESSAGE_ID_INVALID', `${what}: envelope.message_id must be "msg_" + 26 base32 characters`, { field: 'envelope.message_id' });
  if (!envelope.partnerId) throw new ValidationError('UPSTREAM.PARTNER_MISSING', `${what} ${envelope.messageId}: envelope.partner_id is required`, { field: 'envelope.partner_id' });
  if (!hotelCode) throw new ValidationError('UPSTREAM.HOTEL_MISSING', `${what} ${envelope.messageId}: hotel_code is required`, { field: 'hotel_code' });
  return { messageId: envelope.messageId, partnerId: envelope.partnerId, hotelCode, producedAt: envelope.producedAt };
}

/** Decodes one upstream Kafka value; the topic says which message type it holds. */
export function decodeUpstream(category: UpstreamCategory, value: Uint8Array): UpstreamMessage {
  switch (category) {
    case 'ARI': {
      const ari = upstreamV1.AriUpdate.decode(value);
      if (!ari.dates) throw new ValidationError('UPSTREAM.ARI_DATES_MISSING', `AriUpdate ${ari.envelope?.messageId ?? ''}: dates are required`, { field: 'dates' });
      return { category, ...common(ari.envelope, ari.hotelCode, 'AriUpdate'), ari };
    }
    case 'MAPPING': {
      const mapping = upstreamV1.MappingChange.decode(value);
      return { category, ...common(mapping.envelope, mapping.hotelCode, 'MappingChange'), mapping };
    }
    case 'BOOKING': {
      const booking = upstreamV1.BookingEvent.decode(value);
      return { category, ...common(booking.envelope, booking.hotelCode, 'BookingEvent'), booking };
    }
  }
}
