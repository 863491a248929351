import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Kafka, Producer } from 'kafkajs';
import { deliveryV1, MessageHeaders, TopicKeys } from '@bakuun/contracts';
import type { DeliveryConfig } from '../../config';
import { CLOCK, DELIVERY_CONFIG, KAFKA } from '../delivery.di-tokens';
import { AttemptOutboxRepository } from '../persistence/attempt-outbox.repository';
import { AttemptRecord, AttemptRepository } from '../persistence/attempt.repository';
import { DeliveryRepository, RetryScheduled } from '../persistence/delivery.repository';
import type { Clock } from '../ports/clock.port';
import { toProtoAttempt } from './attempt.proto-mapper';

const MAX_BATCH = 500;
const LINGER_MS = 5;
const CLOSE_BATCH = 2_000;
const CLOSE_EVERY_MS = 250;
/** Above this many attempts or closes not yet stored, upstream consumption waits (the store is the bottleneck, not a receiver). */
export const RECORDER_HIGH_WATER = 20_000;
const OUTBOX_GRACE_MS = 10_000;

/** What one attempt changed: the attempt itself, and either a scheduled retry or the end of the delivery. */
export interface AttemptEffect {
  attempt: AttemptRecord;
  retry: RetryScheduled | null;
}

/**
 * Persists what attempts did, in batches and in attempt order: an outbox entry naming the batch,
 * the attempts (ordered insert; a retry's attempt carries its next attempt time and is all that is
 * written for it: a reload continues the round from the attempts, so the hot path never updates a
 * delivery, ADR 0005), ended deliveries closed, then the attempts on `webhooks.delivery-attempts.v1` (key = endpoint id) and the
 * outbox entry removed. A crash before the publish leaves the outbox entry, which
 * `publishOutbox` sends later: at least once. Attempts are stored before deliveries are closed,
 * so a delivery is never closed without its record. Closing (a delete, FerretDB's most expensive
 * write) runs behind in large batches: a delivery still open after its round ended is recognised
 * by its attempts when it is loaded again, and never sent twice for that reason.
 */
@Injectable()
export class AttemptRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger(AttemptRecorder.name);
  private buffer: AttemptEffect[] = [];
  private closing: { deliveryId: string; attemptNumber: number }[] = [];
  private closer: NodeJS.Timeout | null = null;
  private closeRunning: Promise<void> | null = null;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private producer: Producer | null = null;
  private closed = false;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly attempts: AttemptRepository,
    private readonly outbox: AttemptOutboxRepository,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  record(effect: AttemptEffect): void {
    this.buffer.push(effect);
    if (this.buffer.length >= MAX_BATCH) this.kick(0);
    else if (!this.timer) this.kick(LINGER_MS);
  }

  get backlog(): number {
    return this.buffer.length + this.closing.length;
  }

  get overloaded(): boolean {
    return this.backlog > RECORDER_HIGH_WATER;
  }

  /** Everything recorded so far is stored, published and closed. */
  async drain(): Promise<void> {
    while (this.buffer.length > 0 || this.flushing) {
      if (!this.flushing) this.flushing = this.flushLoop();
      await this.flushing;
    }
    while (this.closing.length > 0 || this.closeRunning) await (this.closeRunning ?? this.closeBatch());
  }

  private scheduleClose(): void {
    if (this.closer || this.closeRunning) return;
    this.closer = setTimeout(() => {
      this.closer = null;
      this.closeRunning = this.closeBatch().finally(() => {
        this.closeRunning = null;
        if (this.closing.length > 0) this.scheduleClose();
      });
    }, CLOSE_EVERY_MS);
  }

  private async closeBatch(): Promise<void> {
    const batch = this.closing.slice(0, CLOSE_BATCH);
    if (batch.length === 0) return;
    try {
      const byAttempt = new Map<number, string[]>();
      for (const c of batch) byAttempt.set(c.attemptNumber, [...(byAttempt.get(c.attemptNumber) ?? []), c.deliveryId]);
      for (const [attemptNumber, ids] of byAttempt) await this.deliveries.closeRound(ids, attemptNumber);
      this.closing = this.closing.slice(batch.length);
    } catch (error) {
      this.logger.warn(`closing ${batch.length} deliveries failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Publishes attempts a crash left unpublished. */
  async publishOutbox(): Promise<number> {
    let published = 0;
    for (const entry of await this.outbox.olderThan(new Date(this.clock.now().getTime() - OUTBOX_GRACE_MS), 20)) {
      const records = await this.attempts.byIds(entry.attemptIds);
      if (records.length > 0) await this.publish(records);
      await this.outbox.remove(entry.batchId);
      published += records.length;
    }
    return published;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.drain().catch((error: unknown) => this.logger.error(`attempts not flushed at shutdown: ${String(error)}`));
    this.closed = true;
    await this.producer?.disconnect();
    this.producer = null;
  }

  private kick(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.flushing) this.flushing = this.flushLoop();
    }, delay);
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, MAX_BATCH);
        const batchId = randomUUID();
        const attempts = batch.map((e) => e.attempt);
        try {
          await this.outbox.add(batchId, attempts.map((a) => a.attemptId), this.clock.now());
          await this.attempts.insertMany(attempts);
          this.buffer = this.buffer.slice(batch.length);
          this.closing.push(...batch.filter((e) => e.retry === null).map((e) => ({ deliveryId: e.attempt.deliveryId, attemptNumber: e.attempt.attemptNumber })));
          this.scheduleClose();
        } catch (error) {
          this.logger.error(`storing ${batch.length} attempts failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        try {
          await this.publish(attempts);
          await this.outbox.remove(batchId);
        } catch (error) {
          this.logger.warn(`publishing ${batch.length} attempts failed; the outbox will retry: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async publish(records: AttemptRecord[]): Promise<void> {
    if (this.closed) throw new Error('recorder closed');
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.config.DELIVERY_ATTEMPTS_TOPIC,
      acks: -1,
      messages: records.map((r) => ({
        key: TopicKeys.byEndpoint(r.endpointId),
        value: Buffer.from(deliveryV1.DeliveryAttempt.encode(toProtoAttempt(r)).finish()),
        headers: { [MessageHeaders.type]: 'DeliveryAttempt', [MessageHeaders.eventId]: r.attemptId, [MessageHeaders.schemaVersion]: '1' },
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
