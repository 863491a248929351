import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model, Schema } from 'mongoose';
import { MONGO_CONNECTION } from '../endpoints.di-tokens';

/** The figures the registry shows next to an endpoint; computed and published by the metrics service. */
export interface EndpointHealthFigures {
  endpointId: string;
  partnerId: string;
  computedAt: string;
  errorRate1h: number | null;
  errorRate24h: number | null;
}

interface HealthDocument extends Omit<EndpointHealthFigures, 'endpointId'> {
  _id: string;
}

const healthSchema = new Schema<HealthDocument>(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    computedAt: { type: String, required: true },
    errorRate1h: { type: Number, default: null },
    errorRate24h: { type: Number, default: null },
  },
  { versionKey: false, collection: 'endpoint_health' },
);
healthSchema.index({ partnerId: 1 }, { name: 'partner' });

const DUPLICATE_KEY = 11000;

@Injectable()
export class EndpointHealthRepository {
  private readonly health: Model<HealthDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.health = connection.models.EndpointHealth ?? connection.model<HealthDocument>('EndpointHealth', healthSchema);
  }

  /** Keeps the newest figures per endpoint: an older or repeated message changes nothing. */
  async save(figures: EndpointHealthFigures): Promise<void> {
    const { endpointId, ...rest } = figures;
    try {
      await this.health.replaceOne({ _id: endpointId, computedAt: { $lt: figures.computedAt } }, { _id: endpointId, ...rest }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }

  async forEndpoints(partnerId: string, endpointIds: string[]): Promise<Map<string, EndpointHealthFigures>> {
    const docs = await this.health.find({ partnerId, _id: { $in: endpointIds } }).lean();
    return new Map(docs.map((d) => [d._id, { endpointId: d._id, partnerId: d.partnerId, computedAt: d.computedAt, errorRate1h: d.errorRate1h ?? null, errorRate24h: d.errorRate24h ?? null }]));
  }
}
