import { Schema } from 'mongoose';

/** One upstream message, kept DELIVERY_RETENTION_HOURS for ReplaySince and Redeliver. */
export interface MessageDocument {
  _id: string;
  partnerId: string;
  category: string;
  hotelCode: string;
  ordinal: number;
  receivedAt: Date;
  producedAt: string;
  /** The upstream protobuf bytes, as consumed. */
  payload: Buffer;
  /** MAPPING: JSON of the AppliedMappingChange the message produced (snapshot + deltas). */
  mapping: string | null;
}

export const messageSchema = new Schema<MessageDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, required: true },
    hotelCode: { type: String, required: true },
    ordinal: { type: Number, required: true },
    receivedAt: { type: Date, required: true },
    producedAt: { type: String, required: true },
    payload: { type: Buffer, required: true },
    mapping: { type: String, default: null },
  },
  { versionKey: false, minimize: false, collection: 'messages' },
);
messageSchema.index({ partnerId: 1, category: 1, receivedAt: 1 }, { name: 'partner_category_received' });
messageSchema.index({ ordinal: -1 }, { name: 'ordinal' });
messageSchema.index({ receivedAt: 1 }, { name: 'retention' });

/** MAPPING: the hotel's mapping as of its last applied change (JSON), so snapshots survive restarts. */
export interface HotelMappingDocument {
  _id: string;
  lastMessageId: string;
  /** JSON of the AppliedMappingChange of lastMessageId. */
  applied: string;
}

export const hotelMappingSchema = new Schema<HotelMappingDocument>(
  { _id: { type: String, required: true }, lastMessageId: { type: String, required: true }, applied: { type: String, required: true } },
  { versionKey: false, collection: 'hotel_mappings' },
);

/**
 * One message to one endpoint while it is open: inserted by the fan-out, deleted once an attempt
 * ends it (delivered, exhausted, gone). Its history is the attempt log. FerretDB updates cost
 * far more than inserts and deletes, so a delivery that succeeds at once is written twice
 * (insert, delete) and never updated; only a retry updates it (attempt count, next attempt).
 */
export interface DeliveryDocument {
  _id: string;
  messageId: string;
  endpointId: string;
  partnerId: string;
  category: string;
  hotelCode: string;
  ordinal: number;
  apiVersion: string;
  body: string;
  /** Attempts over the delivery's whole life (a redelivery continues the count). */
  attemptCount: number;
  /** Failures since the retry schedule (re)started. */
  roundFailures: number;
  nextAttemptAt: Date;
  /** The process whose memory holds it (it holds the endpoint's lease); null: waiting in the store. */
  loadedBy: string | null;
  createdAt: Date;
}

export const deliverySchema = new Schema<DeliveryDocument>(
  {
    _id: { type: String, required: true },
    messageId: { type: String, required: true },
    endpointId: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, required: true },
    hotelCode: { type: String, required: true },
    ordinal: { type: Number, required: true },
    apiVersion: { type: String, required: true },
    body: { type: String, required: true },
    attemptCount: { type: Number, required: true },
    roundFailures: { type: Number, required: true },
    nextAttemptAt: { type: Date, required: true },
    loadedBy: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false, collection: 'deliveries' },
);
deliverySchema.index({ endpointId: 1, loadedBy: 1, ordinal: 1 }, { name: 'endpoint_work' });
deliverySchema.index({ loadedBy: 1 }, { name: 'waiting_work' });
deliverySchema.index({ messageId: 1 }, { name: 'message' });

export interface AttemptDocument {
  _id: string;
  endpointId: string;
  partnerId: string;
  category: string;
  messageId: string;
  deliveryId: string;
  attemptNumber: number;
  outcome: string;
  statusCode: number;
  latencyMs: number;
  errorClass: string;
  errorMessage: string;
  endpointStreamVersion: number;
  apiVersion: string;
  signingKeyIds: string[];
  attemptedAt: Date;
  nextAttemptAt: Date | null;
}

export const attemptSchema = new Schema<AttemptDocument>(
  {
    _id: { type: String, required: true },
    endpointId: { type: String, required: true },
    partnerId: { type: String, required: true },
    category: { type: String, required: true },
    messageId: { type: String, required: true },
    deliveryId: { type: String, required: true },
    attemptNumber: { type: Number, required: true },
    outcome: { type: String, required: true },
    statusCode: { type: Number, required: true },
    latencyMs: { type: Number, required: true },
    errorClass: { type: String, required: true },
    errorMessage: { type: String, default: '' },
    endpointStreamVersion: { type: Number, required: true },
    apiVersion: { type: String, required: true },
    signingKeyIds: { type: [String], default: [] },
    attemptedAt: { type: Date, required: true },
    nextAttemptAt: { type: Date, default: null },
  },
  { versionKey: false, minimize: false, collection: 'attempts' },
);
attemptSchema.index({ endpointId: 1, attemptedAt: -1, _id: -1 }, { name: 'endpoint_newest' });
attemptSchema.index({ deliveryId: 1 }, { name: 'delivery' });
attemptSchema.index({ messageId: 1, endpointId: 1 }, { name: 'message_endpoint' });
attemptSchema.index({ attemptedAt: 1 }, { name: 'retention' });

/** A batch of attempts stored but maybe not yet published: written before them, deleted once they are on Kafka. */
export interface AttemptOutboxDocument {
  _id: string;
  attemptIds: string[];
  createdAt: Date;
}

export const attemptOutboxSchema = new Schema<AttemptOutboxDocument>(
  { _id: { type: String, required: true }, attemptIds: { type: [String], required: true }, createdAt: { type: Date, required: true } },
  { versionKey: false, collection: 'attempt_outbox' },
);

/** An endpoint's deliveries are worked by one live process: the lease holder. */
export interface EndpointLeaseDocument {
  _id: string;
  owner: string;
  leaseUntil: Date;
}

export const endpointLeaseSchema = new Schema<EndpointLeaseDocument>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, leaseUntil: { type: Date, required: true } },
  { versionKey: false, collection: 'endpoint_leases' },
);
endpointLeaseSchema.index({ owner: 1 }, { name: 'owner' });
endpointLeaseSchema.index({ leaseUntil: 1 }, { name: 'expiry' });

/**
 * An endpoint whose deliveries were stored waiting by a process that does not hold it: its
 * holder's scanner reads these few documents, instead of every open delivery, to find them.
 */
export interface WaitingEndpointDocument {
  _id: string;
  markedAt: Date;
}

export const waitingEndpointSchema = new Schema<WaitingEndpointDocument>(
  { _id: { type: String, required: true }, markedAt: { type: Date, required: true } },
  { versionKey: false, collection: 'waiting_endpoints' },
);

/** The first answer to an operator request id (Redeliver, ReplaySince), so a retried call changes nothing. */
export interface OperatorRequestDocument {
  _id: string;
  response: string;
  createdAt: Date;
}

export const operatorRequestSchema = new Schema<OperatorRequestDocument>(
  { _id: { type: String, required: true }, response: { type: String, required: true }, createdAt: { type: Date, required: true } },
  { versionKey: false, collection: 'operator_requests' },
);
