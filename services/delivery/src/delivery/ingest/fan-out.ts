import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { deliveryIdFor, renderPayload, type AppliedMappingChange, type RenderedPayload, type UpstreamCategory, type UpstreamMessage } from '@bakuun/delivery-domain';
import { ServiceMetrics } from '@bakuun/platform';
import { CLOCK, INSTANCE_ID } from '../delivery.di-tokens';
import { Dispatcher } from '../dispatch/dispatcher';
import { EndpointDirectory } from '../endpoint-view/endpoint-directory';
import { Delivery, DeliveryRepository } from '../persistence/delivery.repository';
import { MessageRepository, StoredMessage } from '../persistence/message.repository';
import { WaitingEndpointRepository } from '../persistence/waiting-endpoint.repository';
import type { Clock } from '../ports/clock.port';
import { MappingTracker } from './mapping-tracker';
import { OrdinalTracker } from './ordinal-tracker';
import { decodeUpstream } from './upstream.proto-mapper';

export interface UpstreamRecord {
  readonly value: Buffer | null;
  readonly offset: string;
}

interface Decoded {
  message: UpstreamMessage;
  value: Buffer;
}

interface Prepared {
  message: UpstreamMessage;
  stored: StoredMessage;
  mapping: AppliedMappingChange | undefined;
}

/**
 * Turns a batch of upstream records into stored messages and one delivery per deliverable
 * endpoint (ACTIVE, outbound, of the message's partner and category), each rendered for the
 * endpoint's API version. Everything is written before the batch's offsets are committed; ids
 * are deterministic (message id; delivery id from message and endpoint), so a batch consumed
 * again changes nothing. Nothing here waits for HTTP.
 */
@Injectable()
export class FanOut {
  private readonly logger = new Logger(FanOut.name);
  private readonly counter: Counter<'category' | 'result'>;

  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    private readonly messages: MessageRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly waitingEndpoints: WaitingEndpointRepository,
    private readonly ordinals: OrdinalTracker,
    private readonly mappings: MappingTracker,
    private readonly directory: EndpointDirectory,
    private readonly dispatcher: Dispatcher,
    metrics: ServiceMetrics,
  ) {
    this.counter = new Counter({ name: 'upstream_messages_total', help: 'Upstream messages consumed, by category and result', labelNames: ['category', 'result'], registers: [metrics.registry] });
  }

  async handle(category: UpstreamCategory, records: readonly UpstreamRecord[]): Promise<{ messages: number; deliveries: number }> {
    const decoded: Decoded[] = [];
    for (const record of records) {
      try {
        if (!record.value) throw new Error('empty value');
        decoded.push({ message: decodeUpstream(category, record.value), value: record.value });
      } catch (error) {
        this.counter.inc({ category, result: 'malformed' });
        this.logger.error(`skipping malformed ${category} record at offset ${record.offset}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (decoded.length === 0) return { messages: 0, deliveries: 0 };
    const now = this.clock.now();
    const prepared = await this.prepare(decoded, now);
    const deliveries = this.deliveriesFor(prepared, now);
    await this.store(deliveries);
    this.counter.inc({ category, result: 'stored' }, decoded.length);
    return { messages: decoded.length, deliveries: deliveries.length };
  }

  /** Messages already stored keep their ordinal and mapping result; new ones get them now, in order. */
  private async prepare(decoded: Decoded[], now: Date): Promise<Prepared[]> {
    const existing = await this.messages.existing(decoded.map((d) => d.message.messageId));
    const prepared: Prepared[] = [];
    const fresh: StoredMessage[] = [];
    const nowMicros = now.getTime() * 1000;
    for (const [i, { message, value }] of decoded.entries()) {
      const known = existing.get(message.messageId);
      if (known) {
        this.ordinals.observe(message.category, message.partnerId, message.hotelCode, known.ordinal);
        prepared.push({ message, stored: known, mapping: known.mapping ? (JSON.parse(known.mapping) as AppliedMappingChange) : undefined });
        continue;
      }
      if (fresh.some((m) => m.messageId === message.messageId)) continue;
      const ordinal = await this.ordinals.next(message.category, message.partnerId, message.hotelCode, nowMicros + i);
      const mapping = message.category === 'MAPPING' ? await this.mappings.apply(message.partnerId, message.messageId, message.mapping) : undefined;
      const stored: StoredMessage = {
        messageId: message.messageId,
        partnerId: message.partnerId,
        category: message.category,
        hotelCode: message.hotelCode,
        ordinal,
        receivedAt: now,
        producedAt: message.producedAt,
        payload: Buffer.from(value),
        mapping: mapping ? JSON.stringify(mapping) : null,
      };
      fresh.push(stored);
      prepared.push({ message, stored, mapping });
    }
    await this.messages.insertMany(fresh);
    return prepared;
  }

  private deliveriesFor(prepared: Prepared[], now: Date): Delivery[] {
    const out: Delivery[] = [];
    for (const { message, stored, mapping } of prepared) {
      const rendered = new Map<string, RenderedPayload>();
      for (const endpoint of this.directory.deliverableTargets(message.partnerId, message.category)) {
        let payload = rendered.get(endpoint.apiVersion);
        if (!payload) rendered.set(endpoint.apiVersion, (payload = renderPayload({ message, ordinal: stored.ordinal, ...(mapping ? { mapping } : {}) }, endpoint.apiVersion)));
        out.push({
          deliveryId: deliveryIdFor(message.messageId, endpoint.endpointId),
          messageId: message.messageId,
          endpointId: endpoint.endpointId,
          partnerId: message.partnerId,
          category: message.category,
          hotelCode: message.hotelCode,
          ordinal: stored.ordinal,
          apiVersion: payload.apiVersion,
          body: payload.body,
          attemptCount: 0,
          roundFailures: 0,
          nextAttemptAt: now,
          loadedBy: null,
          createdAt: now,
        });
      }
    }
    return out;
  }

  /**
   * Endpoints this process holds take their deliveries straight into memory; the rest wait in
   * the store for their holder, marked for it when that is another process.
   */
  private async store(deliveries: Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const counts = new Map<string, number>();
    for (const d of deliveries) counts.set(d.endpointId, (counts.get(d.endpointId) ?? 0) + 1);
    const decisions = await this.dispatcher.admit(counts);
    const toInsert = deliveries.map((d) => (decisions.get(d.endpointId) === 'WAIT' ? d : { ...d, loadedBy: this.instanceId }));
    let inserted: Delivery[] = [];
    let orphaned: Delivery[] = [];
    let failed = false;
    try {
      const ids = await this.deliveries.insertMany(toInsert);
      inserted = toInsert.filter((d) => ids.has(d.deliveryId) && d.loadedBy !== null);
    } catch (error) {
      // Some may be stored, claimed by this process but in no queue: give the claim up so a scan finds them.
      failed = true;
      await this.deliveries.release(toInsert.filter((d) => d.loadedBy !== null).map((d) => d.deliveryId), this.instanceId).catch(() => undefined);
      throw error;
    } finally {
      orphaned = this.dispatcher.settle(decisions, counts, inserted, failed);
    }
    if (orphaned.length > 0) await this.deliveries.release(orphaned.map((d) => d.deliveryId), this.instanceId);
    const waiting = [...decisions].filter(([, decision]) => decision === 'WAIT').map(([endpointId]) => endpointId);
    const heldElsewhere = [...new Set([...waiting, ...orphaned.map((d) => d.endpointId)])].filter((endpointId) => !this.dispatcher.holds(endpointId));
    await this.waitingEndpoints.mark(heldElsewhere, this.clock.now());
  }
}
