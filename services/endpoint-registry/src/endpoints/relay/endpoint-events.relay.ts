import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import { endpointEventsV1, MessageHeaders, TopicKeys } from '@bakuun/contracts';
import { CheckpointRepository, EventStore, StoredEvent } from '@bakuun/event-store';
import { EVENT_STORE, KAFKA, REGISTRY_CONFIG } from '../endpoints.di-tokens';
import type { RegistryConfig } from '../../config';
import { APPENDS_SETTLE_MS, EndpointLogNotifier } from '../application/endpoint-log.notifier';
import { PollingLoop } from '../application/polling-loop';
import { ThrottledCheckpoint } from '../application/throttled-checkpoint';
import { toEnvelope } from './endpoint-event.proto-mapper';

export const RELAY_CHECKPOINT = 'relay.endpoint-events';
const BATCH = 200;

/**
 * The event store is the outbox: this relay publishes every stored event to Kafka after its
 * checkpoint, then moves the checkpoint (written at most once a second). A crash between publish
 * and checkpoint write re-publishes (at least once); consumers deduplicate by event id. One
 * idempotent producer with one request in flight keeps each endpoint's events in stream order
 * on their partition.
 */
@Injectable()
export class EndpointEventsRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointEventsRelay.name);
  private readonly loop: PollingLoop;
  private producer: Producer | null = null;
  private readonly checkpoint: ThrottledCheckpoint;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    checkpoints: CheckpointRepository,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    notifier: EndpointLogNotifier,
  ) {
    this.checkpoint = new ThrottledCheckpoint(checkpoints, RELAY_CHECKPOINT);
    this.loop = new PollingLoop('endpoint-events-relay', config.LOG_POLL_INTERVAL_MS, () => this.publishPending(), this.logger, { settleMs: APPENDS_SETTLE_MS });
    notifier.subscribe(() => this.loop.nudge());
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.checkpoint.flush();
    await this.producer?.disconnect();
    this.producer = null;
  }

  /** Publishes everything after the checkpoint; returns how many events went out. */
  async publishPending(): Promise<number> {
    let published = 0;
    let after = await this.checkpoint.load();
    for (;;) {
      const events = await this.store.readAll({ after, limit: BATCH });
      if (events.length === 0) return published;
      await this.publish(events);
      after = events.at(-1)!.globalPosition;
      await this.checkpoint.advance(after);
      published += events.length;
    }
  }

  private async publish(events: StoredEvent[]): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.config.ENDPOINT_EVENTS_TOPIC,
      acks: -1,
      messages: events.map((event) => ({
        key: TopicKeys.byEndpoint(event.streamId),
        value: Buffer.from(endpointEventsV1.EndpointEventEnvelope.encode(toEnvelope(event)).finish()),
        headers: {
          [MessageHeaders.type]: event.type,
          [MessageHeaders.eventId]: event.eventId,
          [MessageHeaders.schemaVersion]: String(event.schemaVersion),
          [MessageHeaders.traceparent]: traceparentFor(event),
        },
      })),
    });
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }
}

/** W3C trace context derived from the correlation id, so a trace spans the command and its consumers. */
function traceparentFor(event: StoredEvent): string {
  const traceId = event.metadata.correlationId.replace(/[^0-9a-f]/gi, '').toLowerCase().padEnd(32, '0').slice(0, 32);
  const spanId = event.eventId.replace(/-/g, '').slice(-16);
  return `00-${traceId}-${spanId}-01`;
}
