import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import type { MetricsConfig } from '../../config';
import { KAFKA, METRICS_CONFIG } from '../metrics.di-tokens';
import { AttemptIngestion, FlushFailedError, OffsetToCommit } from './attempt-ingestion';
import { ensureTopic } from '../application/ensure-topic';

/** How long shutdown waits for a backlog in flight to be flushed before leaving it to the next consumer. */
const DRAIN_MS = 3000;
/** Pause after a failed flush before consuming again (the database may be restarting). */
const RETRY_AFTER_FAILED_FLUSH_MS = 1000;

/**
 * Consumes `webhooks.delivery-attempts.v1` in batches without auto-commit: offsets are committed
 * only after the attempts they cover are stored (`AttemptIngestion.flush`). After a rebalance
 * (GROUP_JOIN) everything unflushed is dropped, as Kafka delivers it again from the last commit.
 */
@Injectable()
export class AttemptsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AttemptsConsumer.name);
  private consumer: Consumer | null = null;
  private joined = false;
  private draining = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly ingestion: AttemptIngestion,
    private readonly metrics: ServiceMetrics,
  ) {}

  get isJoined(): boolean {
    return this.joined;
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureTopic(this.kafka, this.config.DELIVERY_ATTEMPTS_TOPIC);
    const consumer = this.kafka.consumer({
      groupId: this.config.METRICS_CONSUMER_GROUP,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 8 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: 250,
    });
    this.consumer = consumer;
    observeConsumerLag(consumer, this.metrics, this.config.METRICS_CONSUMER_GROUP);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.ingestion.reset();
      this.joined = true;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.joined = false;
      this.ingestion.reset();
      this.logger.error(`attempts consumer crashed: ${String(event.payload.error)}; restart: ${event.payload.restart}`);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.DELIVERY_ATTEMPTS_TOPIC, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatch: (payload) => this.eachBatch(payload) });
  }

  async onApplicationShutdown(): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + DRAIN_MS;
    while (this.ingestion.pendingCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const consumer = this.consumer;
    this.consumer = null;
    this.joined = false;
    await consumer?.disconnect();
  }

  private async eachBatch({ batch, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale()) return;
    await this.ingestion.apply(batch.topic, batch.partition, batch.messages);
    const lag = Number(batch.offsetLag());
    if (this.ingestion.shouldFlush(lag === 0 || this.draining)) {
      let commits: OffsetToCommit[];
      try {
        commits = await this.ingestion.flush();
      } catch (error) {
        if (!(error instanceof FlushFailedError)) throw error;
        this.logger.error(`${error.message}; consuming again from the last commit`);
        for (const { topic, partition, offset } of error.replayFrom) this.consumer?.seek({ topic, partition, offset });
        await new Promise((r) => setTimeout(r, RETRY_AFTER_FAILED_FLUSH_MS));
        return;
      }
      try {
        await this.consumer?.commitOffsets(commits);
      } catch (error) {
        // The attempts are stored; a later commit covers them, or they are consumed again and recognised.
        this.logger.warn(`committing offsets failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await heartbeat();
  }
}
