import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import type { EndpointId, EndpointView } from '@bakuun/endpoint-domain';
import { MONGO_CONNECTION } from '../inbound.di-tokens';

type EndpointViewDocument = Omit<EndpointView, 'endpointId'> & { _id: string };

const schema = new Schema<EndpointViewDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, required: true },
    method: { type: String, required: true },
    direction: { type: String, required: true },
    url: { type: String, default: null },
    apiVersion: { type: String, required: true },
    status: { type: String, required: true },
    suspensionReason: { type: Schema.Types.Mixed, default: null },
    keyId: { type: String, required: true },
    maskedKey: { type: String, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    streamVersion: { type: Number, required: true },
  },
  { versionKey: false, minimize: false, collection: 'endpoint_views' },
);

const DUPLICATE_KEY = 11000;

/** The edge's copy of the endpoint read model (inbound endpoints only). Mongoose stays here. */
@Injectable()
export class EndpointViewRepository {
  private readonly views: Model<EndpointViewDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.views = connection.models.InboundEndpointView ?? connection.model<EndpointViewDocument>('InboundEndpointView', schema);
  }

  async all(): Promise<EndpointView[]> {
    return (await this.views.find({}).lean()).map(toView);
  }

  /** Writes the whole document unless the same or a newer version is already there. */
  async save(view: EndpointView): Promise<void> {
    const { endpointId, ...rest } = view;
    try {
      await this.views.replaceOne({ _id: endpointId, streamVersion: { $lt: view.streamVersion } }, { _id: endpointId, ...rest }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }
}

function toView(doc: EndpointViewDocument): EndpointView {
  return {
    endpointId: doc._id as EndpointId,
    partnerId: doc.partnerId,
    category: doc.category,
    method: doc.method,
    direction: doc.direction,
    url: doc.url ?? null,
    apiVersion: doc.apiVersion,
    status: doc.status,
    suspensionReason: doc.suspensionReason ?? null,
    keyId: doc.keyId,
    maskedKey: doc.maskedKey,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    streamVersion: doc.streamVersion,
  };
}
