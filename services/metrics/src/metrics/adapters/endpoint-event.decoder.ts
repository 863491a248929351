import { endpointEventsV1, endpointsV1 } from '@bakuun/contracts';
import type { DirectoryEvent, DirectoryEventPayload, EndpointCategory, EndpointDirection, SuspendedBy } from '@bakuun/metrics-domain';

type Envelope = endpointEventsV1.EndpointEventEnvelope;

const categories: Partial<Record<endpointsV1.EndpointCategory, EndpointCategory>> = {
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_MAPPING]: 'MAPPING',
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_ARI]: 'ARI',
  [endpointsV1.EndpointCategory.ENDPOINT_CATEGORY_BOOKING]: 'BOOKING',
};

const directions: Partial<Record<endpointsV1.EndpointDirection, EndpointDirection>> = {
  [endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_OUTBOUND]: 'OUTBOUND',
  [endpointsV1.EndpointDirection.ENDPOINT_DIRECTION_INBOUND]: 'INBOUND',
};

/** A registry event as far as the metrics service's directory of endpoints goes; null when unusable. */
export function toDirectoryEvent(envelope: Envelope): DirectoryEvent | null {
  const occurredAt = Date.parse(envelope.occurredAt);
  if (!envelope.streamId || !envelope.partnerId || envelope.streamVersion <= 0 || Number.isNaN(occurredAt)) return null;
  return { endpointId: envelope.streamId, partnerId: envelope.partnerId, streamVersion: envelope.streamVersion, occurredAt, ...payloadOf(envelope) };
}

function payloadOf(envelope: Envelope): DirectoryEventPayload {
  if (envelope.endpointAdded) {
    return { type: 'EndpointAdded', category: categories[envelope.endpointAdded.category] ?? null, direction: directions[envelope.endpointAdded.direction] ?? null };
  }
  if (envelope.endpointActivated) return { type: 'EndpointActivated' };
  if (envelope.endpointSuspended) return { type: 'EndpointSuspended', suspendedBy: suspendedBy(envelope.endpointSuspended.reason) };
  if (envelope.endpointDeleted) return { type: 'EndpointDeleted' };
  return { type: 'Other' };
}

function suspendedBy(reason: endpointsV1.SuspensionReason | undefined): SuspendedBy {
  if (reason?.manual) return 'MANUAL';
  if (reason?.automatic) return 'AUTOMATIC';
  if (reason?.receiverGone) return 'RECEIVER_GONE';
  return 'UNKNOWN';
}
