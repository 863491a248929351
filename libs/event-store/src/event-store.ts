import type { AppendContext, NewEvent, StoredEvent } from './stored-event';

export interface ReadAllOptions {
  /** Events with a global position strictly greater than this. */
  after: number;
  limit: number;
}

/**
 * The append-only log. One stream per aggregate; a command's events are appended together or
 * not at all; a writer that expected another version gets a ConcurrencyError, never a lost update.
 */
export interface EventStore {
  append(streamId: string, expectedVersion: number, events: readonly NewEvent[], context: AppendContext): Promise<StoredEvent[]>;
  /** The stream in version order; empty when it does not exist or belongs to another tenant than the scope names. */
  readStream(streamId: string, scope: StreamScope): Promise<StoredEvent[]>;
  /** The whole log in global position order, for projections and the relay. Never skips a committed event. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Every stream id of a tenant (or of every tenant when omitted), for audits. */
  listStreamIds(tenantId?: string): Promise<string[]>;
}

/** A tenant's view, or the auditor's view of every tenant. */
export type StreamScope = { tenantId: string } | 'ALL_TENANTS';
