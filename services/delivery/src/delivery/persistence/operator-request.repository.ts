import { Inject, Injectable } from '@nestjs/common';
import { Connection, Model } from 'mongoose';
import { MONGO_CONNECTION } from '../delivery.di-tokens';
import { OperatorRequestDocument, operatorRequestSchema } from './delivery-store.schemas';
import { DUPLICATE_KEY, modelOf } from './models';

/** Remembers the first answer per partner and request id. */
@Injectable()
export class OperatorRequestRepository {
  private readonly requests: Model<OperatorRequestDocument>;

  constructor(@Inject(MONGO_CONNECTION) connection: Connection) {
    this.requests = modelOf(connection, 'DeliveryOperatorRequest', operatorRequestSchema);
  }

  async answered<T>(partnerId: string, requestId: string): Promise<T | null> {
    const doc = await this.requests.findById(`${partnerId}|${requestId}`).lean();
    return doc ? (JSON.parse(doc.response) as T) : null;
  }

  async remember(partnerId: string, requestId: string, response: unknown, now: Date): Promise<void> {
    try {
      await this.requests.create({ _id: `${partnerId}|${requestId}`, response: JSON.stringify(response), createdAt: now });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }
}
