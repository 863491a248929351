import { endpointEventsV1, endpointsV1 } from '@bakuun/contracts';
import { EndpointEvent, upcastEndpointEvent } from '@bakuun/endpoint-domain';
import type { StoredEvent } from '@bakuun/event-store';
import { toProtoCategory, toProtoDirection, toProtoMethod, toProtoReason } from '../grpc/endpoint.proto-mapper';

const actorKinds = {
  USER: endpointsV1.ActorKind.ACTOR_KIND_USER,
  SERVICE: endpointsV1.ActorKind.ACTOR_KIND_SERVICE,
  SYSTEM: endpointsV1.ActorKind.ACTOR_KIND_SYSTEM,
} as const;

type Payload = Pick<endpointEventsV1.EndpointEventEnvelope, 'endpointAdded' | 'endpointUrlConfigured' | 'endpointApiVersionChanged' | 'endpointSuspended' | 'endpointActivated' | 'endpointKeyRolled' | 'endpointDeleted'>;

function payloadOf(event: EndpointEvent): Payload {
  switch (event.type) {
    case 'EndpointAdded': {
      const d = event.data;
      return { endpointAdded: { endpointId: d.endpointId, partnerId: d.partnerId, category: toProtoCategory(d.category), method: toProtoMethod(d.method), direction: toProtoDirection(d.direction), url: d.url ?? '', urlGenerated: d.urlGenerated, apiVersion: d.apiVersion, keyId: d.keyId, maskedKey: d.maskedKey, addedAt: d.addedAt } };
    }
    case 'EndpointUrlConfigured':
      return { endpointUrlConfigured: { endpointId: event.data.endpointId, url: event.data.url, previousUrl: event.data.previousUrl ?? '', configuredAt: event.data.configuredAt } };
    case 'EndpointApiVersionChanged':
      return { endpointApiVersionChanged: { endpointId: event.data.endpointId, from: event.data.from, to: event.data.to, changedAt: event.data.changedAt } };
    case 'EndpointSuspended':
      return { endpointSuspended: { endpointId: event.data.endpointId, reason: toProtoReason(event.data.reason), suspendedAt: event.data.suspendedAt } };
    case 'EndpointActivated':
      return { endpointActivated: { endpointId: event.data.endpointId, activatedAt: event.data.activatedAt } };
    case 'EndpointKeyRolled':
      return { endpointKeyRolled: { ...event.data } };
    case 'EndpointDeleted':
      return { endpointDeleted: { endpointId: event.data.endpointId, deletedAt: event.data.deletedAt } };
  }
}

/** The stored event as the protobuf envelope published on `webhooks.endpoint-events.v1`. */
export function toEnvelope(stored: StoredEvent): endpointEventsV1.EndpointEventEnvelope {
  return {
    eventId: stored.eventId,
    streamId: stored.streamId,
    streamVersion: stored.streamVersion,
    globalPosition: stored.globalPosition,
    type: stored.type,
    schemaVersion: stored.schemaVersion,
    occurredAt: stored.occurredAt,
    actor: { kind: actorKinds[stored.metadata.actor.kind], id: stored.metadata.actor.id },
    correlationId: stored.metadata.correlationId,
    causationId: stored.metadata.causationId,
    requestId: stored.metadata.requestId,
    previousHash: stored.previousHash,
    hash: stored.hash,
    partnerId: stored.tenantId,
    ...payloadOf(upcastEndpointEvent(stored)),
  };
}
