import { Schema } from 'mongoose';

/**
 * One document per append (a "commit"): all events of a command, so they are stored
 * atomically without multi-document transactions. Two unique indexes carry the invariants:
 * `(streamId, fromVersion)` makes a concurrent writer of the same stream fail, and `position`
 * makes global positions gap-free, because a writer takes the position after the last
 * *visible* commit, so position N+1 can only exist once N is readable.
 */
export interface CommitDocument {
  _id: string;
  streamId: string;
  tenantId: string;
  fromVersion: number;
  toVersion: number;
  position: number;
  nextPosition: number;
  events: EventDocument[];
}

export interface EventDocument {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: {
    actor: { kind: string; id: string };
    correlationId: string;
    causationId: string;
    requestId: string;
  };
  occurredAt: string;
  previousHash: string;
  hash: string;
}

const eventSchema = new Schema<EventDocument>(
  {
    eventId: { type: String, required: true },
    type: { type: String, required: true },
    schemaVersion: { type: Number, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    metadata: { type: Schema.Types.Mixed, required: true },
    occurredAt: { type: String, required: true },
    previousHash: { type: String, default: '' },
    hash: { type: String, required: true },
  },
  { _id: false, minimize: false },
);

export const commitSchema = new Schema<CommitDocument>(
  {
    _id: { type: String, required: true },
    streamId: { type: String, required: true },
    tenantId: { type: String, required: true },
    fromVersion: { type: Number, required: true },
    toVersion: { type: Number, required: true },
    position: { type: Number, required: true },
    nextPosition: { type: Number, required: true },
    events: { type: [eventSchema], required: true },
  },
  { versionKey: false, minimize: false, collection: 'event_commits' },
);

commitSchema.index({ streamId: 1, fromVersion: 1 }, { unique: true, name: 'stream_version_unique' });
commitSchema.index({ position: 1 }, { unique: true, name: 'position_unique' });
commitSchema.index({ nextPosition: 1 }, { name: 'next_position' });
commitSchema.index({ tenantId: 1, streamId: 1 }, { name: 'tenant_stream' });
