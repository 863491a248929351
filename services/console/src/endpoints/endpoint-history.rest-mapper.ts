import { endpointEventsV1, endpointsV1 } from '@bakuun/contracts';
import type { HistoryEntryDto } from '../api/api.schemas';
import { directionOf, methodOf, toSuspensionDto } from './endpoint.rest-mapper';

const ACTOR_KINDS: Record<number, HistoryEntryDto['actor']['kind']> = {
  [endpointsV1.ActorKind.ACTOR_KIND_USER]: 'USER',
  [endpointsV1.ActorKind.ACTOR_KIND_SERVICE]: 'SERVICE',
  [endpointsV1.ActorKind.ACTOR_KIND_SYSTEM]: 'SYSTEM',
};

/** "2026-12-04 16:05 UTC": instants inside sentences are written in UTC, unambiguous for auditors. */
export function utcMinute(instant: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What happened, in one sentence, from the event's payload. */
export function summarizeEvent(event: endpointEventsV1.EndpointEventEnvelope): string {
  if (event.endpointAdded) {
    const added = event.endpointAdded;
    const direction = directionOf(added.direction) === 'OUTBOUND' ? 'outbound' : 'inbound';
    const url = added.url ? `URL ${added.url}` : 'URL to be set';
    return `Added ${methodOf(added.method) === 'PUSH' ? 'Push' : 'Read'} endpoint (${direction}), API version ${added.apiVersion}, ${url}, key ${added.maskedKey}.`;
  }
  if (event.endpointUrlConfigured) {
    const { url, previousUrl } = event.endpointUrlConfigured;
    return previousUrl ? `URL changed from ${previousUrl} to ${url}.` : `URL set to ${url}.`;
  }
  if (event.endpointApiVersionChanged) return `API version changed from ${event.endpointApiVersionChanged.from} to ${event.endpointApiVersionChanged.to}.`;
  if (event.endpointSuspended) return toSuspensionDto(event.endpointSuspended.reason).summary;
  if (event.endpointActivated) return 'Activated.';
  if (event.endpointKeyRolled) {
    const { maskedKey, oldKeyExpiresAt } = event.endpointKeyRolled;
    return `Key rolled: the new key is ${maskedKey}; the previous key stops working at ${utcMinute(oldKeyExpiresAt)}.`;
  }
  if (event.endpointDeleted) return 'Deleted; its key material was destroyed.';
  return `${event.type}.`;
}

export function toHistoryEntryDto(event: endpointEventsV1.EndpointEventEnvelope): HistoryEntryDto {
  return {
    version: Number(event.streamVersion),
    type: event.type,
    occurredAt: event.occurredAt,
    actor: { kind: ACTOR_KINDS[event.actor?.kind ?? 0] ?? 'SYSTEM', id: event.actor?.id ?? '' },
    summary: summarizeEvent(event),
    hash: event.hash,
    previousHash: event.previousHash,
  };
}
