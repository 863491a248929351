import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { EndpointLeaseDocument, endpointLeaseSchema } from './delivery-store.schemas';
import { DUPLICATE_KEY, modelOf } from './models';

export interface EndpointLease {
  endpointId: string;
  owner: string;
  leaseUntil: Date;
}

/** Compare-and-set on one document per endpoint: no transactions needed. */
@Injectable()
export class EndpointLeaseRepository {
  private readonly leases: Model<EndpointLeaseDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.leases = modelOf(connection, 'DeliveryEndpointLease', endpointLeaseSchema);
  }

  async ensureIndexes(): Promise<void> {
    await this.leases.createIndexes();
  }

  /** Takes the lease when it is free, lapsed or already ours; false while another live process holds it. */
  async acquire(endpointId: string, owner: string, until: Date, now: Date): Promise<{ acquired: boolean; previousOwner: string | null }> {
    const before = await this.leases.findById(endpointId).lean();
    if (before && before.owner !== owner && before.leaseUntil.getTime() > now.getTime()) return { acquired: false, previousOwner: before.owner };
    try {
      const filter = before ? { _id: endpointId, owner: before.owner, leaseUntil: before.leaseUntil } : { _id: endpointId };
      const result = await this.leases.updateOne(filter, { $set: { owner, leaseUntil: until } }, { upsert: !before });
      return { acquired: result.modifiedCount + result.upsertedCount === 1, previousOwner: before?.owner ?? null };
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return { acquired: false, previousOwner: null };
      throw error;
    }
  }

  async renewAll(owner: string, until: Date): Promise<void> {
    await this.leases.updateMany({ owner }, { $set: { leaseUntil: until } });
  }

  async ownedBy(owner: string): Promise<Set<string>> {
    return new Set((await this.leases.find({ owner }, { _id: 1 }).lean()).map((d) => d._id));
  }

  async lapsed(now: Date, limit: number): Promise<EndpointLease[]> {
    return (await this.leases.find({ leaseUntil: { $lt: now } }).limit(limit).lean()).map((d) => ({ endpointId: d._id, owner: d.owner, leaseUntil: d.leaseUntil }));
  }

  /** On shutdown: lets another process take our endpoints at once. */
  async releaseAll(owner: string): Promise<void> {
    await this.leases.updateMany({ owner }, { $set: { leaseUntil: new Date(0) } });
  }
}
