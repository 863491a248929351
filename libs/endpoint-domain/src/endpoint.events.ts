import { IllegalStateError } from '@bakuun/errors';
import type { EndpointCategory, EndpointDirection, EndpointMethod } from './endpoint-category';
import type { EndpointId } from './endpoint-id';
import type { SuspensionReason } from './suspension-reason';

/** Persisted shape: `type` and `schemaVersion` are literals; data is plain JSON (instants as ISO strings). */
interface EventOf<Type extends string, Data> {
  readonly type: Type;
  readonly schemaVersion: 1;
  readonly data: Readonly<Data>;
}

export type EndpointAdded = EventOf<'EndpointAdded', {
  endpointId: EndpointId;
  partnerId: string;
  category: EndpointCategory;
  method: EndpointMethod;
  direction: EndpointDirection;
  /** null while an outbound endpoint has no URL yet. */
  url: string | null;
  /** true for inbound endpoints, whose URL the platform generates. */
  urlGenerated: boolean;
  apiVersion: string;
  keyId: string;
  maskedKey: string;
  addedAt: string;
}>;
export type EndpointUrlConfigured = EventOf<'EndpointUrlConfigured', {
  endpointId: EndpointId;
  url: string;
  previousUrl: string | null;
  configuredAt: string;
}>;
export type EndpointApiVersionChanged = EventOf<'EndpointApiVersionChanged', {
  endpointId: EndpointId;
  from: string;
  to: string;
  changedAt: string;
}>;
export type EndpointSuspended = EventOf<'EndpointSuspended', { endpointId: EndpointId; reason: SuspensionReason; suspendedAt: string }>;
export type EndpointActivated = EventOf<'EndpointActivated', { endpointId: EndpointId; activatedAt: string }>;
export type EndpointKeyRolled = EventOf<'EndpointKeyRolled', {
  endpointId: EndpointId;
  newKeyId: string;
  maskedKey: string;
  oldKeyId: string;
  oldKeyExpiresAt: string;
}>;
export type EndpointDeleted = EventOf<'EndpointDeleted', { endpointId: EndpointId; deletedAt: string }>;

export type EndpointEvent =
  | EndpointAdded
  | EndpointUrlConfigured
  | EndpointApiVersionChanged
  | EndpointSuspended
  | EndpointActivated
  | EndpointKeyRolled
  | EndpointDeleted;

export type EndpointEventType = EndpointEvent['type'];

/** Latest schema version per type; an upcaster per older version goes beside it when one changes. */
export const ENDPOINT_EVENT_SCHEMA_VERSIONS: Readonly<Record<EndpointEventType, 1>> = {
  EndpointAdded: 1,
  EndpointUrlConfigured: 1,
  EndpointApiVersionChanged: 1,
  EndpointSuspended: 1,
  EndpointActivated: 1,
  EndpointKeyRolled: 1,
  EndpointDeleted: 1,
};

export interface RawEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

const isEventType = (type: string): type is EndpointEventType => Object.hasOwn(ENDPOINT_EVENT_SCHEMA_VERSIONS, type);

/**
 * Turns a stored event of any known schema version into the current shape. Every type is at
 * version 1, so this is the identity; an unknown type or version means a newer writer or a
 * corrupted log, and replay must stop rather than guess.
 */
export function upcastEndpointEvent(raw: RawEvent): EndpointEvent {
  if (!isEventType(raw.type)) {
    throw new IllegalStateError('ENDPOINT.EVENT_TYPE_UNKNOWN', `Unknown endpoint event type "${raw.type}"`, {
      details: { type: raw.type, schemaVersion: raw.schemaVersion },
    });
  }
  if (raw.schemaVersion !== 1) {
    throw new IllegalStateError(
      'ENDPOINT.EVENT_SCHEMA_UNSUPPORTED',
      `${raw.type} schema version ${raw.schemaVersion} is not supported (known: 1)`,
      { details: { type: raw.type, schemaVersion: raw.schemaVersion } },
    );
  }
  const data = raw.data as { endpointId?: unknown } | null;
  if (typeof data !== 'object' || data === null || typeof data.endpointId !== 'string') {
    throw new IllegalStateError('ENDPOINT.EVENT_MALFORMED', `${raw.type} has no data.endpointId`, { details: { type: raw.type } });
  }
  return { type: raw.type, schemaVersion: 1, data } as EndpointEvent;
}
