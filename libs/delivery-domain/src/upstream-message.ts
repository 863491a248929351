import type { upstreamV1 } from '@bakuun/contracts';
import type { EndpointCategory } from '@bakuun/endpoint-domain';

interface Common {
  /** `msg_...` from the upstream envelope: the idempotency key and every delivery's `webhook-id`. */
  readonly messageId: string;
  readonly partnerId: string;
  /** Everything about one hotel is delivered in order (the upstream topics are keyed by partner and hotel). */
  readonly hotelCode: string;
  /** RFC 3339, the producer's clock. */
  readonly producedAt: string;
}

/** An upstream message as delivery handles it: the category tells which topic it came from. */
export type UpstreamMessage =
  | (Common & { readonly category: 'ARI'; readonly ari: upstreamV1.AriUpdate })
  | (Common & { readonly category: 'MAPPING'; readonly mapping: upstreamV1.MappingChange })
  | (Common & { readonly category: 'BOOKING'; readonly booking: upstreamV1.BookingEvent });

export type UpstreamCategory = Extract<EndpointCategory, UpstreamMessage['category']>;
