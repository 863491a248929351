import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import { endpointEventsV1 } from '@bakuun/contracts';
import { applyToEndpointView, storedEventOf } from '@bakuun/endpoint-domain';
import type { DeliveryConfig } from '../../config';
import { DELIVERY_CONFIG, KAFKA } from '../delivery.di-tokens';
import { EndpointDirectory } from './endpoint-directory';
import { EndpointViewRepository } from './endpoint-view.repository';

/**
 * Keeps delivery's endpoint view from `webhooks.endpoint-events.v1` (key = endpoint id, so each
 * endpoint's events arrive in stream order). Idempotent: an event at or below the view's stream
 * version (a redelivered event id) changes nothing. The document is written before the offset
 * is committed, so a crash replays events rather than losing them.
 */
@Injectable()
export class EndpointEventsConsumer implements OnApplicationShutdown {
  private readonly logger = new Logger(EndpointEventsConsumer.name);
  private consumer: Consumer | null = null;
  private readonly positions = new Map<number, number>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    private readonly metrics: ServiceMetrics,
    private readonly views: EndpointViewRepository,
    private readonly directory: EndpointDirectory,
  ) {}

  /** Loads the stored view, starts consuming, and resolves once the view has caught up with the topic's end (or the catch-up time passed). */
  async start(): Promise<void> {
    this.directory.load(await this.views.all());
    const topic = this.config.ENDPOINT_EVENTS_TOPIC;
    const admin = this.kafka.admin();
    await admin.connect();
    let targets: Map<number, number>;
    try {
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: true }).catch(() => false);
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = await admin.fetchOffsets({ groupId: this.config.ENDPOINT_VIEW_CONSUMER_GROUP, topics: [topic] });
      const committedOf = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      targets = new Map(ends.map((p): [number, number] => [p.partition, Number(p.high)]).filter(([partition, high]) => high > 0 && (committedOf.get(partition) ?? -1) < high));
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId: this.config.ENDPOINT_VIEW_CONSUMER_GROUP, sessionTimeout: this.config.KAFKA_SESSION_TIMEOUT_MS, heartbeatInterval: Math.floor(this.config.KAFKA_SESSION_TIMEOUT_MS / 5), maxWaitTimeInMs: 500 });
    observeConsumerLag(consumer, this.metrics, this.config.ENDPOINT_VIEW_CONSUMER_GROUP);
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (message.value) await this.handle(endpointEventsV1.EndpointEventEnvelope.decode(message.value));
        this.positions.set(partition, Number(message.offset) + 1);
      },
    });
    const deadline = Date.now() + this.config.ENDPOINT_VIEW_CATCH_UP_MS;
    while ([...targets].some(([partition, high]) => (this.positions.get(partition) ?? 0) < high)) {
      if (Date.now() > deadline) {
        this.logger.warn('endpoint view did not catch up in time; starting delivery with what it has');
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async handle(envelope: endpointEventsV1.EndpointEventEnvelope): Promise<void> {
    const current = this.directory.get(envelope.streamId) ?? null;
    if (current && envelope.streamVersion <= current.streamVersion) return;
    if (current && envelope.streamVersion > current.streamVersion + 1) {
      this.logger.warn(`endpoint ${envelope.streamId}: event version ${envelope.streamVersion} after ${current.streamVersion} (a gap in the topic); applying it`);
    }
    const next = applyToEndpointView(current, storedEventOf(envelope));
    if (next === null) return;
    await this.views.save(next, envelope.eventId);
    this.directory.apply(next, envelope.type);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
