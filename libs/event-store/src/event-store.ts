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
  /** The stream in version order (from `afterVersion` on); empty when it does not exist or belongs to another tenant than the scope names. */
  readStream(streamId: string, scope: StreamScope, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** The whole log in global position order, for projections and the relay. Never skips a committed event. */
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** Every stream id of a tenant (or of every tenant when omitted), for audits. */
  listStreamIds(tenantId?: string): Promise<string[]>;
}

export interface ReadStreamOptions {
  /**
   * Serve the stream from the commits this process already wrote or read instead of reading the
   * log (commits never change). For the command path only: a commit another process appended is
   * then unseen until this process's own append on top of the stale head fails with a
   * ConcurrencyError (after which the stream is read from the log again). Waits for an append
   * of this process to the stream that is still in flight. Audits never set it,
   * so they see the log as stored, edits included.
   * @defaultValue false
   */
  reuseKnownCommits?: boolean;
  /**
   * Only the events after this stream version: a reader that has folded the stream up to it reads
   * what is new without materialising the whole stream again (streams grow to hundreds of events).
   * @defaultValue 0
   */
  afterVersion?: number;
}

/** A tenant's view, or the auditor's view of every tenant. */
export type StreamScope = { tenantId: string } | 'ALL_TENANTS';
