import { createHash } from 'node:crypto';
import type { StoredEvent } from './stored-event';

/** JSON with object keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Everything an auditor relies on is covered; the global position is not (it is assigned by the log, not the stream). */
export function hashEvent(event: Omit<StoredEvent, 'hash' | 'globalPosition'>): string {
  const covered = {
    eventId: event.eventId,
    streamId: event.streamId,
    tenantId: event.tenantId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt,
    previousHash: event.previousHash,
  };
  return createHash('sha256').update(canonicalJson(covered)).digest('hex');
}

export interface ChainVerification {
  streamId: string;
  valid: boolean;
  eventsChecked: number;
  /** The first stream version whose hash or link does not match; 0 when valid. */
  firstBrokenVersion: number;
  problem: string;
}

/** Recomputes every hash of one stream and checks each link to its predecessor and the version sequence. */
export function verifyChain(streamId: string, events: readonly StoredEvent[]): ChainVerification {
  let previousHash = '';
  for (const [index, event] of events.entries()) {
    const expectedVersion = index + 1;
    const broken = (problem: string): ChainVerification => ({ streamId, valid: false, eventsChecked: index + 1, firstBrokenVersion: event.streamVersion, problem });
    if (event.streamVersion !== expectedVersion) return broken(`version ${event.streamVersion} found where ${expectedVersion} was expected`);
    if (event.previousHash !== previousHash) return broken(`version ${event.streamVersion} does not link to the hash of version ${expectedVersion - 1}`);
    if (hashEvent(event) !== event.hash) return broken(`version ${event.streamVersion} (${event.type}) does not match its hash: its content was changed`);
    previousHash = event.hash;
  }
  return { streamId, valid: true, eventsChecked: events.length, firstBrokenVersion: 0, problem: '' };
}
