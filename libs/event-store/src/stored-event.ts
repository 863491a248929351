/** Who caused an event. */
export interface EventActor {
  kind: 'USER' | 'SERVICE' | 'SYSTEM';
  id: string;
}

export interface EventMetadata {
  actor: EventActor;
  correlationId: string;
  causationId: string;
  requestId: string;
}

/** An event as a decider produced it, before the store gives it a place in the log. */
export interface NewEvent {
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

/** One event of the log: the envelope of DESIGN.md §3. */
export interface StoredEvent {
  eventId: string;
  streamId: string;
  /** The owner of the stream (a partner); every query is scoped by it. */
  tenantId: string;
  streamVersion: number;
  globalPosition: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  /** RFC 3339 with milliseconds. */
  occurredAt: string;
  /** Hex SHA-256 of the previous event of the stream; '' for the first. */
  previousHash: string;
  hash: string;
}

export interface AppendContext {
  tenantId: string;
  metadata: EventMetadata;
  occurredAt: Date;
}

/** `NO_STREAM`: the append creates the stream. */
export const NO_STREAM = 0;
