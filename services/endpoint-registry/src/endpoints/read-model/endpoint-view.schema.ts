import { Schema } from 'mongoose';
import type { EndpointView } from '@bakuun/endpoint-domain';

export type EndpointViewDocument = Omit<EndpointView, 'endpointId'> & { _id: string };

/** The `endpoints` read model: one whole document per endpoint, written by the projector only. */
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
  },
  { versionKey: false, minimize: false, collection: 'endpoints' },
);

endpointViewSchema.index({ partnerId: 1, category: 1, status: 1 }, { name: 'partner_category_status' });
endpointViewSchema.index({ partnerId: 1, createdAt: 1, _id: 1 }, { name: 'partner_page' });
