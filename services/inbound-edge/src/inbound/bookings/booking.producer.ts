import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Message, Producer } from 'kafkajs';
import { inboundV1, MessageHeaders, TopicKeys } from '@bakuun/contracts';
import type { InboundEdgeConfig } from '../../config';
import { GroupCommit, type ItemOutcome } from '../batching/group-commit';
import { GroupCommitMetrics } from '../batching/group-commit.metrics';
import { INBOUND_CONFIG, PRODUCER_KAFKA } from '../inbound.di-tokens';

/** Failed to hand bookings to Kafka within the deadline; they may or may not have been written. */
export class ProduceFailedError extends Error {}

/** One push's bookings, encoded. */
type Batch = readonly Message[];

/** Kafka's default max.message.bytes is 1 MiB per record batch; a flush stays well below. */
const MAX_FLUSH_BYTES = 512 * 1024;

/**
 * Produces accepted bookings to `webhooks.inbound-bookings.v1` (key = partner id) with an
 * idempotent producer and acks from all in-sync replicas. Resolves only once Kafka has them;
 * rejects with ProduceFailedError after `INBOUND_PRODUCE_TIMEOUT_MS` (the caller answers 503).
 * Requests arriving together go out in one `sendBatch` (group commit): the idempotent producer
 * allows one request in flight, so without it every push would wait for all those before it.
 * One request's bookings share a key, so one partition and one record batch: all or none.
 */
@Injectable()
export class BookingProducer implements OnApplicationShutdown {
  private readonly producer: Producer;
  private connecting: Promise<void> | null = null;
  private readonly batches: GroupCommit<Batch, void>;

  constructor(
    @Inject(PRODUCER_KAFKA) kafka: Kafka,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    metrics: GroupCommitMetrics,
  ) {
    this.batches = new GroupCommit((batches) => this.send(batches), { maxItems: 1000, maxWeight: MAX_FLUSH_BYTES, weightOf: (b) => b.reduce((n, m) => n + (m.value as Buffer).length, 0), onFlush: metrics.observer('kafka') });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 } });
  }

  async produce(partnerId: string, bookings: readonly inboundV1.InboundBooking[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProduceFailedError(`Kafka did not acknowledge within ${this.config.INBOUND_PRODUCE_TIMEOUT_MS} ms`)), this.config.INBOUND_PRODUCE_TIMEOUT_MS);
    });
    try {
      const messages = bookings.map((b) => ({
        key: TopicKeys.byPartner(partnerId),
        value: Buffer.from(inboundV1.InboundBooking.encode(b).finish()),
        headers: { [MessageHeaders.type]: 'InboundBooking', [MessageHeaders.eventId]: b.messageId, [MessageHeaders.schemaVersion]: '1' },
      }));
      await Promise.race([this.batches.submit(messages), deadline]);
    } catch (error) {
      if (error instanceof ProduceFailedError) throw error;
      throw new ProduceFailedError(error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  /** One produce request for every waiting push; they all succeed or all fail with it. */
  private async send(batches: readonly Batch[]): Promise<ItemOutcome<void>[]> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    await this.connecting;
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [{ topic: this.config.INBOUND_BOOKINGS_TOPIC, messages: batches.flat() }],
    });
    return batches.map(() => ({ ok: true, value: undefined }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batches.idle();
    await this.producer.disconnect();
  }
}
