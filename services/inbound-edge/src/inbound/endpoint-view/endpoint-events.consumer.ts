import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import { endpointEventsV1 } from '@bakuun/contracts';
import { applyToEndpointView, storedEventOf } from '@bakuun/endpoint-domain';
import type { InboundEdgeConfig } from '../../config';
import { INBOUND_CONFIG, KAFKA } from '../inbound.di-tokens';
import { EndpointDirectory } from './endpoint-directory';
import { EndpointViewRepository } from './endpoint-view.repository';

/**
 * Folds `webhooks.endpoint-events.v1` (key = endpoint id, so in stream order per endpoint) with
 * the shared `applyToEndpointView` into the edge's view of inbound endpoints; outbound ones are
 * skipped. Idempotent by stream version; the document is written before the offset commits.
 */
@Injectable()
export class EndpointEventsConsumer implements OnApplicationShutdown {
  private readonly logger = new Logger(EndpointEventsConsumer.name);
  private consumer: Consumer | null = null;
  private readonly positions = new Map<number, number>();

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(INBOUND_CONFIG) private readonly config: InboundEdgeConfig,
    private readonly metrics: ServiceMetrics,
    private readonly views: EndpointViewRepository,
    private readonly directory: EndpointDirectory,
  ) {}

  /** Loads the stored view, starts consuming, and resolves once caught up with the topic's end (or the catch-up time passed). */
  async start(): Promise<void> {
    for (const view of await this.views.all()) this.directory.apply(view);
    const topic = this.config.ENDPOINT_EVENTS_TOPIC;
    const admin = this.kafka.admin();
    await admin.connect();
    let targets: [number, number][];
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      const committed = await admin.fetchOffsets({ groupId: this.config.ENDPOINT_VIEW_CONSUMER_GROUP, topics: [topic] });
      const committedOf = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      targets = ends.map((p): [number, number] => [p.partition, Number(p.high)]).filter(([partition, high]) => high > 0 && (committedOf.get(partition) ?? -1) < high);
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({ groupId: this.config.ENDPOINT_VIEW_CONSUMER_GROUP, maxWaitTimeInMs: 200 });
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
    while (targets.some(([partition, high]) => (this.positions.get(partition) ?? 0) < high)) {
      if (Date.now() > deadline) {
        this.logger.warn('endpoint view did not catch up in time; serving with what it has');
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async handle(envelope: endpointEventsV1.EndpointEventEnvelope): Promise<void> {
    const current = this.directory.get(envelope.streamId) ?? null;
    if (current && envelope.streamVersion <= current.streamVersion) return;
    if (!current && !envelope.endpointAdded) return;
    const next = applyToEndpointView(current, storedEventOf(envelope));
    if (next === null || next.direction !== 'INBOUND') return;
    await this.views.save(next);
    this.directory.apply(next);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = null;
  }
}
