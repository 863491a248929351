import { Schema } from 'mongoose';
import type { EndpointView } from '@bakuun/endpoint-domain';

export type EndpointViewDocument = Omit<EndpointView, 'endpointId'> & { _id: string; lastEventId: string };

/** Delivery's own copy of the endpoint read model, folded from `webhooks.endpoint-events.v1` with the shared projection. */
export const endpointViewSchema = new Schema<EndpointViewDocument>(
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
    lastEventId: { type: String, required: true },
  },
  { versionKey: false, minimize: false, collection: 'endpoint_views' },
);
