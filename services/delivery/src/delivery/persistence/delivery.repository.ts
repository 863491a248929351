import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { DeliveryDocument, deliverySchema } from './delivery-store.schemas';
import { duplicateIndexes, insertDocuments, modelOf } from './models';

/** An open delivery, as the dispatcher and the operator actions see it. */
export interface Delivery {
  deliveryId: string;
  messageId: string;
  endpointId: string;
  partnerId: string;
  category: string;
  hotelCode: string;
  ordinal: number;
  apiVersion: string;
  body: string;
  attemptCount: number;
  roundFailures: number;
  nextAttemptAt: Date;
  loadedBy: string | null;
  createdAt: Date;
}

/** A failed attempt with another one scheduled. */
export interface RetryScheduled {
  deliveryId: string;
  attemptCount: number;
  roundFailures: number;
  nextAttemptAt: Date;
}

@Injectable()
export class DeliveryRepository {
  private readonly deliveries: Model<DeliveryDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.deliveries = modelOf(connection, 'DeliveryDelivery', deliverySchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.deliveries.createIndexes();
  }

  /** Inserts and returns the ids actually inserted: an open delivery with the same id (a message consumed twice) is kept as it is. */
  async insertMany(deliveries: Delivery[]): Promise<Set<string>> {
    if (deliveries.length === 0) return new Set();
    let skipped = new Set<number>();
    try {
      await insertDocuments(this.deliveries, deliveries.map(toDocument), false);
    } catch (error) {
      skipped = duplicateIndexes(error);
    }
    return new Set(deliveries.filter((_, i) => !skipped.has(i)).map((d) => d.deliveryId));
  }

  /** Claims up to `limit` of the endpoint's waiting deliveries for `owner` (the lease holder), lowest ordinal first. */
  async loadWaiting(endpointId: string, owner: string, limit: number): Promise<Delivery[]> {
    const docs = await this.deliveries.find({ endpointId, loadedBy: null }).sort({ ordinal: 1, _id: 1 }).limit(limit).batchSize(limit).lean();
    if (docs.length === 0) return [];
    await this.deliveries.updateMany({ _id: { $in: docs.map((d) => d._id) }, loadedBy: null }, { $set: { loadedBy: owner } });
    return docs.map((d) => toDelivery({ ...d, loadedBy: owner }));
  }

  /** Open deliveries by id still claimed by `owner` (ended ones are gone from the store; a process that took the endpoint over released the rest), lowest ordinal first: reads only their rows, where `loadWaiting` reads every open delivery on FerretDB v1. In one batch: past the first 101 documents, each getMore cost FerretDB v1 hundreds of ms under load. */
  async byIds(ids: string[], owner: string): Promise<Delivery[]> {
    if (ids.length === 0) return [];
    const docs = await this.deliveries.find({ _id: { $in: ids }, loadedBy: owner }).batchSize(ids.length).lean();
    return docs.sort((a, b) => a.ordinal - b.ordinal || (a._id < b._id ? -1 : 1)).map(toDelivery);
  }

  /** Gives up `owner`'s claim on these deliveries: they wait in the store for whoever holds their endpoint. */
  async release(ids: string[], owner: string): Promise<void> {
    if (ids.length > 0) await this.deliveries.updateMany({ _id: { $in: ids }, loadedBy: owner }, { $set: { loadedBy: null } });
  }

  /** After taking over a lapsed lease: whatever the previous holder had in memory waits in the store again. */
  async unload(endpointId: string): Promise<void> {
    await this.deliveries.updateMany({ endpointId, loadedBy: { $ne: null } }, { $set: { loadedBy: null } });
  }

  /** Endpoints with deliveries waiting in the store (nobody's memory holds them). */
  async endpointsWithWaitingWork(limit: number): Promise<string[]> {
    const docs = await this.deliveries.find({ loadedBy: null }, { endpointId: 1 }).limit(limit).lean();
    return [...new Set(docs.map((d) => d.endpointId))];
  }

  /** Ended deliveries leave the open set (their attempts stay). */
  async close(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.deliveries.deleteMany({ _id: { $in: ids } });
  }

  /**
   * Closes deliveries whose round ended with attempt `attemptNumber`, unless a new round was
   * opened meanwhile under the same id (Redeliver, ReplaySince): that one counts at least
   * `attemptNumber` attempts already and stays.
   */
  async closeRound(ids: string[], attemptNumber: number): Promise<void> {
    if (ids.length > 0) await this.deliveries.deleteMany({ _id: { $in: ids }, attemptCount: { $lt: attemptNumber } });
  }

  /** A deleted endpoint receives nothing more. */
  async closeAllOf(endpointId: string): Promise<void> {
    await this.deliveries.deleteMany({ endpointId });
  }

  async openOfMessage(partnerId: string, messageId: string): Promise<Delivery[]> {
    return (await this.deliveries.find({ messageId, partnerId }).lean()).map(toDelivery);
  }

  async openRounds(ids: string[]): Promise<{ deliveryId: string; attemptCount: number }[]> {
    if (ids.length === 0) return [];
    return (await this.deliveries.find({ _id: { $in: ids } }, { _id: 1, attemptCount: 1 }).batchSize(ids.length).lean()).map((d) => ({ deliveryId: d._id, attemptCount: d.attemptCount }));
  }

  async get(deliveryId: string): Promise<Delivery | null> {
    const doc = await this.deliveries.findById(deliveryId).lean();
    return doc ? toDelivery(doc) : null;
  }

  async countOpen(endpointId?: string): Promise<number> {
    return this.deliveries.countDocuments(endpointId ? { endpointId } : {});
  }
}

function toDocument(d: Delivery): DeliveryDocument {
  return {
    _id: d.deliveryId,
    messageId: d.messageId,
    endpointId: d.endpointId,
    partnerId: d.partnerId,
    category: d.category,
    hotelCode: d.hotelCode,
    ordinal: d.ordinal,
    apiVersion: d.apiVersion,
    body: d.body,
    attemptCount: d.attemptCount,
    roundFailures: d.roundFailures,
    nextAttemptAt: d.nextAttemptAt,
    loadedBy: d.loadedBy,
    createdAt: d.createdAt,
  };
}

function toDelivery(d: DeliveryDocument): Delivery {
  return {
    deliveryId: d._id,
    messageId: d.messageId,
    endpointId: d.endpointId,
    partnerId: d.partnerId,
    category: d.category,
    hotelCode: d.hotelCode,
    ordinal: d.ordinal,
    apiVersion: d.apiVersion,
    body: d.body,
    attemptCount: d.attemptCount,
    roundFailures: d.roundFailures,
    nextAttemptAt: d.nextAttemptAt,
    loadedBy: d.loadedBy ?? null,
    createdAt: d.createdAt,
  };
}
