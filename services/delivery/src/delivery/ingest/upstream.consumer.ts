import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import type { UpstreamCategory } from '@bakuun/delivery-domain';
import type { DeliveryConfig } from '../../config';
import { DELIVERY_CONFIG, KAFKA } from '../delivery.di-tokens';
import { AttemptRecorder } from '../dispatch/attempt-recorder';
import { FanOut } from './fan-out';

const CHUNK = 500;

/**
 * Consumes the upstream topics into the store. Offsets are resolved only after a chunk's
 * messages and deliveries are written (at least once; the fan-out is idempotent), and nothing
 * here waits for a receiver, so a slow or dead endpoint never stalls a partition. It does wait
 * when the store falls behind recording attempts (backpressure that keeps memory bounded).
 */
@Injectable()
export class UpstreamConsumer implements OnApplicationShutdown {
  private readonly logger = new Logger(UpstreamConsumer.name);
  private consumer: Consumer | null = null;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    private readonly metrics: ServiceMetrics,
    private readonly fanOut: FanOut,
    private readonly recorder: AttemptRecorder,
  ) {}

  private get topics(): Record<string, UpstreamCategory> {
    return { [this.config.ARI_TOPIC]: 'ARI', [this.config.MAPPING_TOPIC]: 'MAPPING', [this.config.BOOKING_TOPIC]: 'BOOKING' };
  }

  async start(): Promise<void> {
    const topics = this.topics;
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: Object.keys(topics).map((topic) => ({ topic })), waitForLeaders: true }).catch(() => false);
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId: this.config.DELIVERY_CONSUMER_GROUP, sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS, heartbeatInterval: Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 5), maxWaitTimeInMs: 100, maxBytesPerPartition: 4 * 1024 * 1024 });
    observeConsumerLag(consumer, this.metrics, this.config.DELIVERY_CONSUMER_GROUP);
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: Object.keys(topics), fromBeginning: true });
    await consumer.run({
      partitionsConsumedConcurrently: this.config.INGEST_PARTITIONS_CONCURRENTLY,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const category = topics[batch.topic];
        if (!category) return;
        for (let i = 0; i < batch.messages.length; i += CHUNK) {
          while (this.recorder.overloaded) {
            if (!isRunning() || isStale()) return;
            await new Promise((r) => setTimeout(r, 100));
            await heartbeat();
          }
          if (!isRunning() || isStale()) return;
          const chunk = batch.messages.slice(i, i + CHUNK);
          await this.fanOut.handle(category, chunk.map((m) => ({ value: m.value, offset: m.offset })));
          resolveOffset(chunk.at(-1)!.offset);
          await heartbeat();
        }
      },
    });
    this.logger.log(`consuming ${Object.keys(topics).join(', ')}`);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
