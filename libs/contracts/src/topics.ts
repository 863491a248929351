/**
 * Kafka topics of the platform and how their messages are keyed (DESIGN.md §4).
 * Keys decide ordering: everything about one endpoint shares a partition.
 */
export const Topics = {
  endpointEvents: 'webhooks.endpoint-events.v1',
  ariUpdates: 'bakuun.ari.v1',
  mappingChanges: 'bakuun.mapping.v1',
  bookingEvents: 'bakuun.booking-events.v1',
  inboundBookings: 'webhooks.inbound-bookings.v1',
  deliveryAttempts: 'webhooks.delivery-attempts.v1',
  endpointHealth: 'webhooks.endpoint-health.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const TopicKeys = {
  /** `webhooks.endpoint-events.v1`, `webhooks.delivery-attempts.v1`, `webhooks.endpoint-health.v1`. */
  byEndpoint: (endpointId: string): string => endpointId,
  /** Upstream topics: per partner and hotel, so one hotel's updates stay in order. */
  byPartnerAndHotel: (partnerId: string, hotelCode: string): string => `${partnerId}:${hotelCode}`,
  /** `webhooks.inbound-bookings.v1`. */
  byPartner: (partnerId: string): string => partnerId,
} as const;

/** Kafka headers every platform message carries. */
export const MessageHeaders = {
  type: 'type',
  eventId: 'event-id',
  schemaVersion: 'schema-version',
  traceparent: 'traceparent',
} as const;
