import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { DirectoryEvent, DirectoryStatus, EndpointCategory, EndpointDirection, EndpointDirectoryEntry, evolveDirectory, SuspendedBy } from '@bakuun/metrics-domain';
import { MONGO_CONNECTION } from '../metrics.di-tokens';

interface DirectoryDocument {
  _id: string;
  partnerId: string;
  category: EndpointCategory | null;
  direction: EndpointDirection | null;
  status: DirectoryStatus;
  activeSince: Date | null;
  suspendedBy: SuspendedBy | null;
  streamVersion: number;
}

const directorySchema = new Schema<DirectoryDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, default: null },
    direction: { type: String, default: null },
    status: { type: String, required: true },
    activeSince: { type: Date, default: null },
    suspendedBy: { type: String, default: null },
    streamVersion: { type: Number, required: true },
  },
  { versionKey: false, collection: 'endpoint_directory' },
);

const DUPLICATE_KEY = 11000;

/** The registry's endpoints as far as the metrics service needs them (a projection of `webhooks.endpoint-events.v1`). */
@Injectable()
export class EndpointDirectoryRepository {
  private readonly entries: Model<DirectoryDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.entries = connection.models.EndpointDirectoryEntry ?? connection.model<DirectoryDocument>('EndpointDirectoryEntry', directorySchema);
  }

  /**
   * Folds one event into the stored entry, written whole and guarded by its stream version: a
   * redelivered event changes nothing, and of two concurrent writers the second is refused
   * (and retried by Kafka, finding the event applied).
   */
  async apply(event: DirectoryEvent): Promise<EndpointDirectoryEntry | null> {
    const doc = await this.entries.findById(event.endpointId).lean<DirectoryDocument>();
    const current = doc ? fromDocument(doc) : null;
    const next = evolveDirectory(current, event);
    if (!next || next === current) return current;
    try {
      if (doc) await this.entries.replaceOne({ _id: next.endpointId, streamVersion: doc.streamVersion }, toDocument(next));
      else await this.entries.create(toDocument(next));
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    return next;
  }

  async get(endpointIds: readonly string[]): Promise<Map<string, EndpointDirectoryEntry>> {
    if (endpointIds.length === 0) return new Map();
    const docs = await this.entries.find({ _id: { $in: [...endpointIds] } }).lean<DirectoryDocument[]>();
    return new Map(docs.map((d) => [d._id, fromDocument(d)]));
  }
}

function toDocument(e: EndpointDirectoryEntry): DirectoryDocument {
  return {
    _id: e.endpointId,
    partnerId: e.partnerId,
    category: e.category,
    direction: e.direction,
    status: e.status,
    activeSince: e.activeSince === null ? null : new Date(e.activeSince),
    suspendedBy: e.suspendedBy,
    streamVersion: e.streamVersion,
  };
}

function fromDocument(d: DirectoryDocument): EndpointDirectoryEntry {
  return {
    endpointId: d._id,
    partnerId: d.partnerId,
    category: d.category ?? null,
    direction: d.direction ?? null,
    status: d.status,
    activeSince: d.activeSince ? d.activeSince.getTime() : null,
    suspendedBy: d.suspendedBy ?? null,
    streamVersion: d.streamVersion,
  };
}
