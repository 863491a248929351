import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import type { EndpointId, EndpointView } from '@bakuun/endpoint-domain';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { EndpointViewDocument, endpointViewSchema } from './endpoint-view.schema';

const DUPLICATE_KEY = 11000;

/** Mongoose stays here: callers get plain EndpointView objects. */
@Injectable()
export class EndpointViewRepository {
  private readonly views: Model<EndpointViewDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.views = connection.models.DeliveryEndpointView ?? connection.model<EndpointViewDocument>('DeliveryEndpointView', endpointViewSchema);
  }

  async all(): Promise<EndpointView[]> {
    return (await this.views.find({}).lean()).map(toView);
  }

  async get(endpointId: string): Promise<EndpointView | null> {
    const doc = await this.views.findById(endpointId).lean();
    return doc ? toView(doc) : null;
  }

  /** Writes the whole document unless a newer version is already there. */
  async save(view: EndpointView, lastEventId: string): Promise<void> {
    const { endpointId, ...rest } = view;
    try {
      await this.views.replaceOne({ _id: endpointId, streamVersion: { $lt: view.streamVersion } }, { _id: endpointId, ...rest, lastEventId }, { upsert: true });
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
