import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { inboundV1, MessageHeaders, TopicKeys } from '@bakuun/contracts';
import type { InboundEdgeConfig } from '../../config';
import { INBOUND_CONFIG, PRODUCER_KAFKA } from '../inbound.di-tokens';

/** Failed to hand bookings to Kafka within the deadline; they may or may not have been written. */
export class ProduceFailedError extends Error {}

/**
 * Produces accepted bookings to `webhooks.inbound-bookings.v1` (key = partner id) with an
 * idempotent producer and acks from all in-sync replicas. Resolves only once Kafka has them;
 * rejects with ProduceFailedError after `INBOUND_PRODUCE_TIMEOUT_MS` (the caller answers 503).
 * One request's bookings share a key, so one partition and one record batch: all or none.
 */
@Injectable()
export class BookingProducer implements OnApplicationShutdown {
  private readonly producer: Producer;
  private connecting: Promise<void> | null = null;

  constructor(
    @Inject(PRODUCER_KAFKA) kafka: Kafka,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
  ) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 } });
  }

  async produce(partnerId: string, bookings: readonly inboundV1.InboundBooking[]): Promise<void> {
    const send = async (): Promise<void> => {
      this.connecting ??= this.producer.connect().catch((error: unknown) => {
        this.connecting = null;
        throw error;
      });
      await this.connecting;
      await this.producer.send({
        topic: this.config.INBOUND_BOOKINGS_TOPIC,
        acks: -1,
        messages: bookings.map((b) => ({
          key: TopicKeys.byPartner(partnerId),
          value: Buffer.from(inboundV1.InboundBooking.encode(b).finish()),
          headers: { [MessageHeaders.type]: 'InboundBooking', [MessageHeaders.eventId]: b.messageId, [MessageHeaders.schemaVersion]: '1' },
        })),
      });
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProduceFailedError(`Kafka did not acknowledge within ${this.config.INBOUND_PRODUCE_TIMEOUT_MS} ms`)), this.config.INBOUND_PRODUCE_TIMEOUT_MS);
    });
    try {
      await Promise.race([send(), deadline]);
    } catch (error) {
      if (error instanceof ProduceFailedError) throw error;
      throw new ProduceFailedError(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}
