import type { EndpointCategory, EndpointDirection } from './attempt';

export type DirectoryStatus = 'TO_SET' | 'ACTIVE' | 'SUSPENDED' | 'DELETED';
export type SuspendedBy = 'MANUAL' | 'AUTOMATIC' | 'RECEIVER_GONE' | 'UNKNOWN';

/** What the metrics service knows of an endpoint from the registry's events. */
export interface EndpointDirectoryEntry {
  endpointId: string;
  partnerId: string;
  /** Null when the stream's EndpointAdded was not seen (e.g. expired from the topic). */
  category: EndpointCategory | null;
  direction: EndpointDirection | null;
  status: DirectoryStatus;
  /** Epoch ms of the event that last made the endpoint ACTIVE; null when it is not active. */
  activeSince: number | null;
  suspendedBy: SuspendedBy | null;
  /** The last stream version applied: events at or below it are redeliveries. */
  streamVersion: number;
}

export interface DirectoryEventMeta {
  endpointId: string;
  partnerId: string;
  streamVersion: number;
  occurredAt: number;
}

export type DirectoryEventPayload =
  | { type: 'EndpointAdded'; category: EndpointCategory | null; direction: EndpointDirection | null }
  | { type: 'EndpointActivated' }
  | { type: 'EndpointSuspended'; suspendedBy: SuspendedBy }
  | { type: 'EndpointDeleted' }
  /** URL, API version, key roll: nothing the metrics service tracks. */
  | { type: 'Other' };

export type DirectoryEvent = DirectoryEventMeta & DirectoryEventPayload;

/**
 * Folds one registry event into the entry. Redelivered or older events change nothing; events
 * of a stream whose EndpointAdded was not seen still track the status, with unknown facts.
 */
export function evolveDirectory(entry: EndpointDirectoryEntry | null, event: DirectoryEvent): EndpointDirectoryEntry | null {
  if (entry && event.streamVersion <= entry.streamVersion) return entry;
  const base: EndpointDirectoryEntry = entry ?? {
    endpointId: event.endpointId,
    partnerId: event.partnerId,
    category: null,
    direction: null,
    status: 'TO_SET',
    activeSince: null,
    suspendedBy: null,
    streamVersion: 0,
  };
  if (base.status === 'DELETED') return { ...base, streamVersion: event.streamVersion };
  const next = { ...base, streamVersion: event.streamVersion };
  switch (event.type) {
    case 'EndpointAdded':
      return { ...next, category: event.category ?? base.category, direction: event.direction ?? base.direction };
    case 'EndpointActivated':
      return { ...next, status: 'ACTIVE', activeSince: event.occurredAt, suspendedBy: null };
    case 'EndpointSuspended':
      return { ...next, status: 'SUSPENDED', activeSince: null, suspendedBy: event.suspendedBy };
    case 'EndpointDeleted':
      return { ...next, status: 'DELETED', activeSince: null };
    case 'Other':
      return next;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
