import { Inject, Injectable, Logger } from '@nestjs/common';
import { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { endpointEventsV1 } from '@bakuun/contracts';
import { observeConsumerLag, ServiceMetrics } from '@bakuun/platform';
import type { KeyManagementConfig } from '../../config';
import { RollCompletion } from '../application/roll-completion';
import { ConfirmEndpointAddedHandler } from '../commands/confirm-endpoint-added/confirm-endpoint-added.handler';
import { ShredEndpointKeysHandler } from '../commands/shred-endpoint-keys/shred-endpoint-keys.handler';
import { CLOCK, KAFKA, KEYS_CONFIG } from '../keys.di-tokens';
import type { Clock } from '../ports/clock.port';
import { ProcessedEventRepository } from '../persistence/processed-event.repository';

type Envelope = endpointEventsV1.EndpointEventEnvelope;

/** The event types this consumer acts on (see `apply`). */
const APPLIED_TYPES: ReadonlySet<string> = new Set(['EndpointAdded', 'EndpointKeyRolled', 'EndpointDeleted']);

/**
 * Consumes `webhooks.endpoint-events.v1` to stay aligned with the registry:
 * - EndpointAdded: the issued key is attached to a real endpoint;
 * - EndpointKeyRolled: commits a pending roll whose confirmation was lost (the registry recorded
 *   it, but the RollKey that asked died or timed out before committing);
 * - EndpointDeleted: crypto-shreds the endpoint's keys.
 *
 * At least once: offsets are committed only after a message is handled, and every handler is
 * idempotent; the event id is also recorded, so a redelivered event is skipped outright.
 * A message that cannot be decoded is logged and skipped rather than blocking its partition.
 */
@Injectable()
export class EndpointEventsConsumer {
  private readonly logger = new Logger(EndpointEventsConsumer.name);
  private consumer: Consumer | null = null;
  private running = false;
  private stopping = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KEYS_CONFIG) private readonly config: KeyManagementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly processed: ProcessedEventRepository,
    private readonly completion: RollCompletion,
    private readonly shredHandler: ShredEndpointKeysHandler,
    private readonly confirmAdded: ConfirmEndpointAddedHandler,
    private readonly metrics: ServiceMetrics,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    if (this.stopping) return;
    await this.ensureTopic();
    if (this.stopping) return;
    // A short fetch wait keeps shutdown quick: disconnect waits for the fetch in flight.
    const consumer = this.kafka.consumer({ groupId: this.config.KEYS_CONSUMER_GROUP, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    this.consumer = consumer;
    observeConsumerLag(consumer, this.metrics, this.config.KEYS_CONSUMER_GROUP);
    consumer.on(consumer.events.CRASH, (event) => {
      this.running = false;
      this.logger.error(`Endpoint events consumer crashed: ${String(event.payload.error)}; restart: ${event.payload.restart}`);
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.running = true;
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.config.ENDPOINT_EVENTS_TOPIC, fromBeginning: true });
    await consumer.run({ autoCommit: true, eachMessage: (payload) => this.handleMessage(payload) });
  }

  /** Finishes the message in hand, commits its offset and leaves the group, for good. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.disconnect();
  }

  /** Drops a consumer whose start failed, so the next attempt starts clean. */
  async disconnect(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.running = false;
    await consumer?.disconnect();
  }

  private async ensureTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(this.config.ENDPOINT_EVENTS_TOPIC)) {
        await admin.createTopics({ topics: [{ topic: this.config.ENDPOINT_EVENTS_TOPIC }], waitForLeaders: true });
      }
    } finally {
      await admin.disconnect();
    }
  }

  private async handleMessage({ message, partition }: EachMessagePayload): Promise<void> {
    if (!message.value) return;
    let envelope: Envelope;
    try {
      envelope = endpointEventsV1.EndpointEventEnvelope.decode(message.value);
    } catch (error) {
      this.logger.error(`Skipping undecodable message at partition ${partition} offset ${message.offset}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    await this.handle(envelope);
  }

  /**
   * Applies one event unless its id was applied before. Events of other types (URL, version,
   * status changes: most of the log) are passed over without touching the database.
   */
  async handle(envelope: Envelope): Promise<void> {
    if (!envelope.eventId || !APPLIED_TYPES.has(envelope.type) || (await this.processed.wasProcessed(envelope.eventId))) return;
    const outcome = await this.apply(envelope);
    if (outcome) this.logger.log(`${envelope.type} ${envelope.eventId} of ${envelope.streamId}: ${outcome}`);
    await this.processed.markProcessed(envelope.eventId, envelope.type, envelope.streamId, this.clock.now());
  }

  private async apply(envelope: Envelope): Promise<string | null> {
    switch (envelope.type) {
      case 'EndpointAdded': {
        const added = envelope.endpointAdded;
        if (!added) return 'payload missing, ignored';
        const outcome = await this.confirmAdded.execute({ endpointId: added.endpointId, partnerId: added.partnerId || envelope.partnerId, keyId: added.keyId });
        if (outcome === 'MISMATCH' || outcome === 'UNKNOWN_ENDPOINT') this.logger.warn(`EndpointAdded ${envelope.eventId}: the registry recorded key ${added.keyId} for ${added.endpointId}, which is ${outcome.toLowerCase().replace('_', ' ')} here`);
        return outcome;
      }
      case 'EndpointKeyRolled': {
        const rolled = envelope.endpointKeyRolled;
        if (!rolled) return 'payload missing, ignored';
        const entry = await this.completion.commitRecordedKey(rolled.endpointId, rolled.newKeyId);
        return entry ? `committed roll ${entry.requestId}` : null;
      }
      case 'EndpointDeleted': {
        const deleted = envelope.endpointDeleted;
        if (!deleted) return 'payload missing, ignored';
        const at = new Date(deleted.deletedAt);
        return this.shredHandler.execute({ endpointId: deleted.endpointId, deletedAt: Number.isNaN(at.getTime()) ? this.clock.now() : at });
      }
      default:
        return null;
    }
  }
}
