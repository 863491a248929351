import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { decideAfterAttempt, errorClassOf, isEndpointHealthFailure, recordResult, reopensAt, signWebhook, tryAcquire } from '@bakuun/delivery-domain';
import type { EndpointView } from '@bakuun/endpoint-domain';
import { newTypeId, ServiceMetrics } from '@bakuun/platform';
import type { DeliveryConfig } from '../../config';
import { CLOCK, DELIVERY_CONFIG, ENDPOINT_SUSPENDER, INSTANCE_ID, RANDOM } from '../delivery.di-tokens';
import { EndpointChange, EndpointDirectory } from '../endpoint-view/endpoint-directory';
import { AttemptRepository, type RoundProgress } from '../persistence/attempt.repository';
import { Delivery, DeliveryRepository } from '../persistence/delivery.repository';
import { EndpointLeaseRepository } from '../persistence/endpoint-lease.repository';
import { WaitingEndpointRepository } from '../persistence/waiting-endpoint.repository';
import type { Clock } from '../ports/clock.port';
import type { EndpointSuspender } from '../ports/endpoint-suspender.port';
import type { Random } from '../ports/random.port';
import { AttemptRecorder } from './attempt-recorder';
import { EndpointQueue, Lane, QueuedDelivery } from './endpoint-queue';
import { HttpSender } from './http-sender';
import { SigningSecretCache } from './signing-secret.cache';

/**
 * What a fan-out does with an endpoint's new deliveries: LOAD into memory; SPILL (this process
 * holds the endpoint but its queue is full or behind stored ones): store them claimed by this
 * process, their ids kept to load them by id later; WAIT (held elsewhere, or shutting down):
 * store them for the holder.
 */
export type Admission = 'LOAD' | 'SPILL' | 'WAIT';

const SIGNING_RETRY_MS = 5_000;
/** After a failed store write, when to look for what it may have stored anyway. */
const STORE_RETRY_MS = 5_000;
const GONE_REPORT_RETRIES = 8;

/**
 * Sends what is due, from memory, and keeps memory bounded by the store.
 *
 * - Ownership: an endpoint's deliveries are worked by the one process holding its lease
 *   (`endpoint_leases`, compare-and-set, renewed in bulk). A process that dies loses its leases
 *   after DELIVERY_LEASE_MS; the next one marks that endpoint's pending deliveries as waiting
 *   and loads them again, in ordinal order. Nothing pending is lost; an attempt in flight at
 *   the crash is sent again with the same webhook-id.
 * - Order: per endpoint and hotel ("lane") one attempt at a time, lowest ordinal first; a
 *   failing head blocks its lane until it is delivered or exhausted, so an ARI receiver never
 *   ends up with an older value for a hotel/room/rate/date than the newest sent.
 * - Isolation: at most DELIVERY_ENDPOINT_CONCURRENCY attempts per endpoint (one per lane) and
 *   DELIVERY_GLOBAL_CONCURRENCY in all, a circuit breaker per endpoint, and Kafka never waits
 *   for HTTP: upstream consumption only writes to the store.
 * - Memory: at most DELIVERY_ENDPOINT_WINDOW deliveries per endpoint and DELIVERY_MEMORY_WINDOW
 *   in all; beyond that an endpoint is "spilled": new deliveries wait in the store behind the
 *   loaded ones and are loaded in ordinal order as room frees up: by id when this process stored
 *   them, by a query of the endpoint's waiting deliveries when it did not (taken over, operator
 *   actions, other processes). On FerretDB v1 the query reads every open delivery, the ids only
 *   their rows.
 */
@Injectable()
export class Dispatcher {
  private readonly logger = new Logger(Dispatcher.name);
  private readonly queues = new Map<string, EndpointQueue>();
  private readonly readyEndpoints = new Set<EndpointQueue>();
  private readonly spilledQueues = new Set<EndpointQueue>();
  private readonly owned = new Set<string>();
  private readonly acquiring = new Map<string, Promise<boolean>>();
  private leaseValidUntil = 0;
  private renewalTimer: NodeJS.Timeout | null = null;
  private inFlight = 0;
  private loaded = 0;
  private pumpScheduled = false;
  private stopping = false;
  private readonly inFlightDone = new Set<Promise<void>>();
  private readonly attemptCounter: Counter<'outcome' | 'error_class'>;
  private readonly deliveryCounter: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;

  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RANDOM) private readonly random: Random,
    @Inject(ENDPOINT_SUSPENDER) private readonly suspender: EndpointSuspender,
    private readonly directory: EndpointDirectory,
    private readonly deliveries: DeliveryRepository,
    private readonly attempts: AttemptRepository,
    private readonly leases: EndpointLeaseRepository,
    private readonly waitingEndpoints: WaitingEndpointRepository,
    private readonly recorder: AttemptRecorder,
    private readonly sender: HttpSender,
    private readonly secrets: SigningSecretCache,
    metrics: ServiceMetrics,
  ) {
    this.attemptCounter = new Counter({ name: 'webhook_attempts_total', help: 'Outbound webhook attempts by outcome and error class', labelNames: ['outcome', 'error_class'], registers: [metrics.registry] });
    this.latency = new Histogram({ name: 'webhook_attempt_seconds', help: 'Outbound webhook attempt latency', labelNames: ['outcome'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [metrics.registry] });
    const stats = () => this.stats;
    const retrying = () => [...this.queues.values()].reduce((n, q) => n + q.retrying(), 0);
    this.deliveryCounter = new Counter({ name: 'webhook_deliveries_total', help: 'Outbound deliveries ended, by final outcome (DELIVERED, EXHAUSTED, GONE)', labelNames: ['outcome'], registers: [metrics.registry] });
    new Gauge({ name: 'webhook_deliveries_in_memory', help: 'Pending deliveries held in memory', registers: [metrics.registry], collect() { this.set(stats().loaded); } });
    new Gauge({ name: 'webhook_attempts_in_flight', help: 'Attempts in flight', registers: [metrics.registry], collect() { this.set(stats().inFlight); } });
    new Gauge({ name: 'webhook_retry_backlog', help: 'Deliveries in memory that failed at least once and wait for a retry', registers: [metrics.registry], collect() { this.set(retrying()); } });
    new Gauge({ name: 'webhook_recorder_backlog', help: 'Attempts and closes not yet written to the store', registers: [metrics.registry], collect() { this.set(stats().recorderBacklog); } });
    directory.onChange((change) => this.onEndpointChange(change));
  }

  get stats(): { inFlight: number; loaded: number; endpoints: number; recorderBacklog: number } {
    return { inFlight: this.inFlight, loaded: this.loaded, endpoints: this.queues.size, recorderBacklog: this.recorder.backlog };
  }

  /** Starts renewing our leases every third of their life, on a timer of its own (a slow scan must not let them lapse). */
  startLeaseRenewal(): void {
    const every = Math.max(100, Math.floor(this.config.DELIVERY_LEASE_MS / 3));
    const tick = (): void => {
      if (this.stopping) return;
      this.renewLeases()
        .catch((error: unknown) => this.logger.warn(`renewing leases failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (!this.stopping) (this.renewalTimer = setTimeout(tick, every)).unref();
        });
    };
    tick();
  }

  /** Leases are renewed in bulk; whatever we no longer hold is dropped from memory (another process took it over). */
  async renewLeases(): Promise<void> {
    const now = this.clock.now().getTime();
    // Only endpoints held before the query can be missing from its answer: one taken meanwhile
    // (a fan-out's takeOver) may not be in it yet, and dropping it would strand its deliveries.
    const heldBefore = [...this.owned];
    await this.leases.renewAll(this.instanceId, new Date(now + this.config.DELIVERY_LEASE_MS));
    const wasValid = this.clock.now().getTime() < this.leaseValidUntil;
    this.leaseValidUntil = now + this.config.DELIVERY_LEASE_MS;
    const held = await this.leases.ownedBy(this.instanceId);
    for (const endpointId of heldBefore) {
      if (!this.owned.has(endpointId)) continue;
      if (held.has(endpointId)) continue;
      this.owned.delete(endpointId);
      this.dropQueue(endpointId);
    }
    if (!wasValid) {
      for (const queue of this.queues.values()) if (queue.readyLanes.size > 0) this.readyEndpoints.add(queue);
      this.schedulePump();
    }
  }

  /**
   * Decides, for a fan-out about to insert deliveries, which endpoints take them straight into
   * memory. Takes the lease of endpoints nobody holds; an endpoint another live process holds
   * gets WAIT (that process loads them on its next scan).
   */
  async admit(counts: Map<string, number>): Promise<Map<string, Admission>> {
    const decisions = new Map<string, Admission>();
    await Promise.all([...counts.keys()].filter((id) => !this.owned.has(id)).map((id) => this.takeOver(id)));
    for (const [endpointId, count] of counts) {
      if (!this.owned.has(endpointId) || this.stopping) {
        decisions.set(endpointId, 'WAIT');
        continue;
      }
      const queue = this.queue(endpointId);
      const room = queue.loaded + count <= this.config.DELIVERY_ENDPOINT_WINDOW && this.loaded + count <= this.config.DELIVERY_MEMORY_WINDOW;
      if (!queue.spilled && room) {
        queue.loaded += count;
        this.loaded += count;
        decisions.set(endpointId, 'LOAD');
      } else {
        this.markSpilled(queue);
        queue.pendingSpillWrites++;
        decisions.set(endpointId, 'SPILL');
      }
    }
    return decisions;
  }

  /**
   * After the fan-out's insert (`inserted`: the deliveries that were new, claimed by this
   * process): LOAD ones go to memory and reservations of the others are released; SPILL ones are
   * remembered by id. Returns those of endpoints this process lost meanwhile (another process
   * took the lease over): the caller gives up their claim so the holder finds them. After a
   * failed insert (`insertFailed`), what was stored waits for a scan.
   */
  settle(decisions: Map<string, Admission>, counts: Map<string, number>, inserted: Delivery[], insertFailed = false): Delivery[] {
    const byEndpoint = new Map<string, Delivery[]>();
    for (const d of inserted) byEndpoint.set(d.endpointId, [...(byEndpoint.get(d.endpointId) ?? []), d]);
    const orphaned: Delivery[] = [];
    for (const [endpointId, decision] of decisions) {
      if (decision === 'WAIT') continue;
      const queue = this.queues.get(endpointId);
      const items = byEndpoint.get(endpointId) ?? [];
      if (!queue || !this.owned.has(endpointId)) {
        // A LOAD reserved room for them (the old queue's share left with it).
        if (decision === 'LOAD') this.loaded -= counts.get(endpointId) ?? 0;
        orphaned.push(...items);
        continue;
      }
      if (insertFailed) {
        queue.scanEpoch++;
        this.markSpilled(queue);
        setTimeout(() => void this.refill(queue), STORE_RETRY_MS).unref();
      }
      if (decision === 'SPILL') {
        queue.pendingSpillWrites = Math.max(0, queue.pendingSpillWrites - 1);
        // The queue may be a new one (the endpoint lost and taken again meanwhile): it loads them by id too.
        this.markSpilled(queue);
        for (const d of items) queue.spilledIds.push({ deliveryId: d.deliveryId, ordinal: d.ordinal });
        queue.spillEpoch++;
        void this.refill(queue);
        continue;
      }
      const unused = (counts.get(endpointId) ?? 0) - items.length;
      queue.loaded -= unused;
      this.loaded -= unused;
      for (const d of items) this.enqueue(queue, toQueued(d));
    }
    this.schedulePump();
    return orphaned;
  }

  /**
   * Someone (an operator action, a scan) put deliveries of this endpoint in the store as waiting:
   * loads them when this process holds the endpoint or can take it; false when another live
   * process holds it.
   */
  async workWaiting(endpointId: string): Promise<boolean> {
    if (!this.owned.has(endpointId)) await this.takeOver(endpointId);
    if (!this.owned.has(endpointId)) return false;
    const queue = this.queue(endpointId);
    this.markSpilled(queue);
    queue.spillEpoch++;
    queue.scanEpoch++;
    await this.refill(queue);
    return true;
  }

  /** Deliveries of these endpoints were stored waiting: worked here, or marked for the process that holds them. */
  async storedWaiting(endpointIds: Iterable<string>): Promise<void> {
    const heldElsewhere: string[] = [];
    for (const endpointId of endpointIds) if (!(await this.workWaiting(endpointId))) heldElsewhere.push(endpointId);
    await this.waitingEndpoints.mark(heldElsewhere, this.clock.now());
  }

  /** Whether this process holds the endpoint's lease (works its deliveries). */
  holds(endpointId: string): boolean {
    return this.owned.has(endpointId);
  }

  /** Takes an endpoint's lease when it is free or lapsed; a previous holder's loaded deliveries go back to waiting. */
  async takeOver(endpointId: string): Promise<boolean> {
    if (this.owned.has(endpointId)) return true;
    const running = this.acquiring.get(endpointId);
    if (running) return running;
    const promise = (async () => {
      const now = this.clock.now();
      const { acquired, previousOwner } = await this.leases.acquire(endpointId, this.instanceId, new Date(now.getTime() + this.config.DELIVERY_LEASE_MS), now);
      if (!acquired) return false;
      if (this.leaseValidUntil < now.getTime() + this.config.DELIVERY_LEASE_MS / 2) this.leaseValidUntil = now.getTime() + this.config.DELIVERY_LEASE_MS;
      // A previous holder, this process included (it lost the endpoint and takes it again), may have left deliveries claimed.
      if (previousOwner !== null) {
        await this.deliveries.unload(endpointId);
        const queue = this.queue(endpointId);
        this.markSpilled(queue);
        queue.scanEpoch++;
        this.owned.add(endpointId);
        void this.refill(queue);
      } else this.owned.add(endpointId);
      return true;
    })().finally(() => this.acquiring.delete(endpointId));
    this.acquiring.set(endpointId, promise);
    return promise;
  }

  /** Stops starting attempts, waits for those in flight (up to `graceMs`), stores what they did and lets other processes take over at once. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    const deadline = Date.now() + graceMs;
    while (this.inFlightDone.size > 0 && Date.now() < deadline) await Promise.race([...this.inFlightDone, new Promise((r) => setTimeout(r, 100))]);
    await this.recorder.drain();
    for (const queue of this.queues.values()) queue.clear();
    await this.leases.releaseAll(this.instanceId).catch(() => undefined);
    await this.sender.close();
  }

  private queue(endpointId: string): EndpointQueue {
    let queue = this.queues.get(endpointId);
    if (!queue) this.queues.set(endpointId, (queue = new EndpointQueue(endpointId)));
    return queue;
  }

  /**
   * Forgets an endpoint's deliveries in memory (they stay in the store); an attempt in flight
   * finishes and is recorded. Those this process still claims (a holder that took the endpoint
   * over released everything claimed before it did, not what was stored after) are released and
   * marked for the holder.
   */
  private dropQueue(endpointId: string): void {
    const queue = this.queues.get(endpointId);
    if (!queue) return;
    queue.detached = true;
    const claimed = queue.spilledIds.splice(0).map((d) => d.deliveryId);
    for (const lane of queue.lanes.values()) {
      const dropped = lane.items.splice(lane.busy ? 1 : 0);
      this.forget(queue, dropped.length);
      claimed.push(...dropped.map((d) => d.deliveryId));
    }
    if (claimed.length > 0) {
      void this.deliveries
        .release(claimed, this.instanceId)
        .then(() => this.waitingEndpoints.mark([endpointId], this.clock.now()))
        .catch((error: unknown) => this.logger.warn(`releasing deliveries of ${endpointId} failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    queue.clear();
    this.readyEndpoints.delete(queue);
    this.spilledQueues.delete(queue);
    this.queues.delete(endpointId);
  }

  private forget(queue: EndpointQueue, count: number): void {
    queue.loaded -= count;
    this.loaded -= count;
  }

  private enqueue(queue: EndpointQueue, item: QueuedDelivery): void {
    const lane = queue.lane(item.hotelCode);
    lane.insert(item);
    this.refreshLane(queue, lane);
  }

  private refreshLane(queue: EndpointQueue, lane: Lane): void {
    const head = lane.head();
    if (lane.busy) return;
    if (!head) {
      lane.clearTimer();
      queue.lanes.delete(lane.hotelCode);
      queue.readyLanes.delete(lane);
      return;
    }
    const now = this.clock.now().getTime();
    if (head.notBefore <= now) {
      lane.clearTimer();
      queue.readyLanes.add(lane);
      this.readyEndpoints.add(queue);
      this.schedulePump();
      return;
    }
    if (lane.timer && lane.timerAt <= head.notBefore) return;
    lane.clearTimer();
    lane.timerAt = head.notBefore;
    lane.timer = setTimeout(() => {
      lane.timer = null;
      lane.timerAt = 0;
      this.refreshLane(queue, lane);
    }, head.notBefore - now);
    lane.timer.unref();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Round-robin over endpoints with ready lanes, one attempt per endpoint per turn. */
  private pump(): void {
    if (this.stopping) return;
    const limit = this.config.DELIVERY_GLOBAL_CONCURRENCY;
    let started = true;
    while (started && this.inFlight < limit) {
      started = false;
      for (const queue of this.readyEndpoints) {
        if (this.inFlight >= limit) return;
        if (this.startOne(queue)) started = true;
        else this.readyEndpoints.delete(queue);
      }
    }
  }

  private startOne(queue: EndpointQueue): boolean {
    if (queue.detached || queue.inFlight >= this.config.DELIVERY_ENDPOINT_CONCURRENCY || queue.readyLanes.size === 0 || queue.gone) return false;
    const view = this.directory.get(queue.endpointId);
    if (!view || view.status !== 'ACTIVE' || view.url === null) return false;
    const now = this.clock.now().getTime();
    if (!this.owned.has(queue.endpointId) || now >= this.leaseValidUntil) return false;
    const gate = tryAcquire(queue.breaker, now);
    queue.breaker = gate.state;
    if (!gate.allowed) {
      this.wakeAtBreakerProbe(queue);
      return false;
    }
    const lane = queue.takeReadyLane();
    if (!lane) {
      if (queue.breaker.status === 'HALF_OPEN') queue.breaker = { ...queue.breaker, probeInFlight: false };
      return false;
    }
    const item = lane.head()!;
    lane.busy = true;
    queue.inFlight++;
    this.inFlight++;
    const done: Promise<void> = this.attempt(queue, lane, item, view)
      .catch((error: unknown) => {
        this.logger.error(`attempt of ${item.deliveryId} failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`);
        item.notBefore = this.clock.now().getTime() + SIGNING_RETRY_MS;
      })
      .finally(() => {
        this.inFlightDone.delete(done);
        lane.busy = false;
        queue.inFlight--;
        this.inFlight--;
        if (queue.detached) {
          this.forget(queue, lane.items.splice(0).length);
          this.schedulePump();
          return;
        }
        this.refreshLane(queue, lane);
        if (queue.readyLanes.size > 0) this.readyEndpoints.add(queue);
        this.afterCompletion(queue);
        this.schedulePump();
      });
    this.inFlightDone.add(done);
    return true;
  }

  private wakeAtBreakerProbe(queue: EndpointQueue): void {
    const at = reopensAt(queue.breaker);
    if (at === null || queue.breakerTimer) return;
    queue.breakerTimer = setTimeout(() => {
      queue.breakerTimer = null;
      this.readyEndpoints.add(queue);
      this.schedulePump();
    }, Math.max(0, at - this.clock.now().getTime()));
    queue.breakerTimer.unref();
  }

  private async attempt(queue: EndpointQueue, lane: Lane, item: QueuedDelivery, view: EndpointView): Promise<void> {
    const startedAt = this.clock.now();
    let secrets;
    try {
      secrets = await this.secrets.secretsFor({ endpointId: view.endpointId, partnerId: view.partnerId, keyId: view.keyId }, startedAt);
      if (secrets.length === 0) throw new Error('no valid signing secret');
    } catch (error) {
      // Our outage, not the receiver's: no attempt is recorded and no retry is used up.
      this.logger.warn(`signing secrets of ${view.endpointId} unavailable, retrying in ${SIGNING_RETRY_MS} ms: ${error instanceof Error ? error.message : String(error)}`);
      this.attemptCounter.inc({ outcome: 'DEFERRED', error_class: 'SIGNING_UNAVAILABLE' });
      item.notBefore = startedAt.getTime() + SIGNING_RETRY_MS;
      return;
    }
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const headers = signWebhook(secrets, item.messageId, timestamp, item.body);
    const result = await this.sender.send(view.endpointId, view.url!, { ...headers }, item.body);
    const now = this.clock.now();
    const failures = item.roundFailures + 1;
    const decision = decideAfterAttempt(result, failures, this.config.retryPolicy, this.random.next(), now);
    const errorClass = errorClassOf(result);
    queue.breaker = recordResult(queue.breaker, isEndpointHealthFailure(errorClass), now.getTime(), this.config.breakerPolicy);
    item.attemptCount++;
    let nextAttemptAt: Date | null = null;
    let status: 'RETRY_SCHEDULED' | 'DELIVERED' | 'EXHAUSTED' | 'GONE';
    switch (decision.kind) {
      case 'RETRY':
        item.roundFailures = failures;
        item.notBefore = now.getTime() + decision.delayMs;
        nextAttemptAt = new Date(item.notBefore);
        status = 'RETRY_SCHEDULED';
        break;
      case 'DELIVERED':
        status = 'DELIVERED';
        break;
      case 'EXHAUSTED':
        item.roundFailures = failures;
        status = 'EXHAUSTED';
        break;
      case 'GONE':
        item.roundFailures = failures;
        status = 'GONE';
        queue.gone = true;
        void this.reportGone(view, item.deliveryId);
        break;
    }
    if (status !== 'RETRY_SCHEDULED') {
      this.forget(queue, lane.items.splice(0, 1).length);
      this.deliveryCounter.inc({ outcome: status });
    }
    const outcome = status;
    this.attemptCounter.inc({ outcome, error_class: errorClass });
    this.latency.observe({ outcome }, result.latencyMs / 1000);
    const statusCode = result.kind === 'RESPONSE' ? result.statusCode : 0;
    this.recorder.record({
      retry: nextAttemptAt ? { deliveryId: item.deliveryId, attemptCount: item.attemptCount, roundFailures: item.roundFailures, nextAttemptAt } : null,
      attempt: {
        attemptId: newTypeId('atmpt_', startedAt.getTime()),
        endpointId: item.endpointId,
        partnerId: item.partnerId,
        category: item.category,
        messageId: item.messageId,
        deliveryId: item.deliveryId,
        attemptNumber: item.attemptCount,
        outcome,
        statusCode,
        latencyMs: result.latencyMs,
        errorClass,
        errorMessage: result.kind === 'TRANSPORT_ERROR' ? result.message : errorClass === 'NONE' ? '' : `HTTP ${statusCode}${result.responseExcerpt ? `: ${result.responseExcerpt.slice(0, 200)}` : ''}`,
        endpointStreamVersion: view.streamVersion,
        apiVersion: item.apiVersion,
        signingKeyIds: secrets.map((s) => s.keyId),
        attemptedAt: startedAt,
        nextAttemptAt,
      },
    });
  }

  private afterCompletion(queue: EndpointQueue): void {
    if (queue.spilled && queue.loaded < this.config.DELIVERY_ENDPOINT_WINDOW / 2) void this.refill(queue);
    if (this.loaded < this.config.DELIVERY_MEMORY_WINDOW / 2) {
      for (const spilled of this.spilledQueues) {
        if (spilled !== queue && !spilled.refilling) {
          void this.refill(spilled);
          break;
        }
      }
    }
  }

  /** Its deliveries wait in the store: the queue is refilled from there until the store is exhausted. */
  private markSpilled(queue: EndpointQueue): void {
    queue.spilled = true;
    this.spilledQueues.add(queue);
  }

  /**
   * Loads waiting deliveries of an endpoint we hold while there is room: first those only a
   * query finds (lowest ordinal first; their rounds continued from their attempts), then those
   * this process stored by id (fresh, never attempted). Not spilled any more once both are
   * exhausted and no spill write is pending.
   */
  private async refill(queue: EndpointQueue): Promise<void> {
    if (queue.refilling || !this.owned.has(queue.endpointId) || this.stopping) return;
    queue.refilling = true;
    try {
      while (queue.spilled && this.owned.has(queue.endpointId)) {
        const room = Math.min(this.config.DELIVERY_ENDPOINT_WINDOW - queue.loaded, this.config.DELIVERY_MEMORY_WINDOW - this.loaded);
        if (room <= 0) return;
        const limit = Math.min(room, 1000);
        const epoch = queue.spillEpoch;
        const pendingWrites = queue.pendingSpillWrites;
        // The room is reserved while the store is read: admissions and other refills meanwhile see it taken.
        queue.loaded += limit;
        this.loaded += limit;
        let batch: Delivery[] = [];
        try {
          batch = await this.loadSpilled(queue, limit);
        } finally {
          this.forget(queue, limit - batch.length);
        }
        if (queue.detached) {
          this.forget(queue, batch.length);
          await this.deliveries.release(batch.map((d) => d.deliveryId), this.instanceId);
          return;
        }
        for (const d of batch) this.enqueue(queue, toQueued(d));
        const exhausted = queue.scannedEpoch === queue.scanEpoch && queue.spilledIds.length === 0;
        if (exhausted && pendingWrites === 0 && queue.pendingSpillWrites === 0 && epoch === queue.spillEpoch) {
          queue.spilled = false;
          this.spilledQueues.delete(queue);
        }
        if (exhausted) return;
      }
    } catch (error) {
      this.logger.error(`loading waiting deliveries of ${queue.endpointId} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      queue.refilling = false;
    }
  }

  /**
   * Up to `limit` waiting deliveries of a held endpoint, claimed for this process: by a query while
   * the store may hold some whose ids this process does not know (their rounds continued from
   * their attempts, ended ones closed), else by the ids this process stored while spilled.
   */
  private async loadSpilled(queue: EndpointQueue, limit: number): Promise<Delivery[]> {
    if (queue.scannedEpoch !== queue.scanEpoch) {
      const scanEpoch = queue.scanEpoch;
      // The query must see this process's spilled deliveries too, or it could load a later
      // delivery of a hotel before them: they go back to waiting first (rare: scans are).
      const spilled = queue.spilledIds.splice(0);
      try {
        await this.deliveries.release(spilled.map((d) => d.deliveryId), this.instanceId);
      } catch (error) {
        queue.spilledIds.unshift(...spilled);
        throw error;
      }
      const loaded = await this.deliveries.loadWaiting(queue.endpointId, this.instanceId, limit);
      try {
        const progress = await this.attempts.roundProgress(loaded);
        const ended = [...progress].filter(([, p]) => p.ended).map(([id]) => id);
        if (ended.length > 0) await this.deliveries.close(ended);
        if (loaded.length < limit) queue.scannedEpoch = scanEpoch;
        return loaded.filter((d) => !progress.get(d.deliveryId)?.ended).map((d) => continueRound(d, progress.get(d.deliveryId)));
      } catch (error) {
        await this.deliveries.release(loaded.map((d) => d.deliveryId), this.instanceId).catch(() => undefined);
        throw error;
      }
    }
    queue.spilledIds.sort((a, b) => a.ordinal - b.ordinal);
    const taken = queue.spilledIds.splice(0, limit);
    try {
      return await this.deliveries.byIds(taken.map((d) => d.deliveryId), this.instanceId);
    } catch (error) {
      queue.spilledIds.unshift(...taken);
      throw error;
    }
  }

  /** 410 Gone: the registry suspends the endpoint (receiver_gone); retried a few times, the request id makes that safe. */
  private async reportGone(view: EndpointView, deliveryId: string): Promise<void> {
    for (let attempt = 0; attempt < GONE_REPORT_RETRIES; attempt++) {
      try {
        await this.suspender.suspendReceiverGone({ endpointId: view.endpointId, partnerId: view.partnerId }, `receiver-gone:${deliveryId}`);
        return;
      } catch (error) {
        this.logger.warn(`asking the registry to suspend ${view.endpointId} failed: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((r) => setTimeout(r, Math.min(60_000, 500 * 2 ** attempt)).unref());
      }
    }
  }

  private onEndpointChange({ before, after, eventType }: EndpointChange): void {
    if (eventType === 'EndpointKeyRolled' || eventType === 'EndpointDeleted') this.secrets.invalidate(after.endpointId);
    const queue = this.queues.get(after.endpointId);
    if (after.status === 'DELETED') {
      if (this.owned.has(after.endpointId)) void this.deliveries.closeAllOf(after.endpointId).catch((e: unknown) => this.logger.error(`cancelling deliveries of deleted ${after.endpointId} failed: ${String(e)}`));
      this.dropQueue(after.endpointId);
      return;
    }
    if (!queue) return;
    if (eventType === 'EndpointActivated' || (eventType === 'EndpointUrlConfigured' && before?.url !== after.url)) queue.gone = false;
    if (after.status === 'ACTIVE') {
      for (const lane of queue.lanes.values()) this.refreshLane(queue, lane);
      this.readyEndpoints.add(queue);
      this.schedulePump();
    }
  }
}

/** A reloaded delivery picks up its round where its attempts left it. */
function continueRound(d: Delivery, progress: RoundProgress | undefined): Delivery {
  if (!progress) return d;
  const nextAttemptAt = progress.nextAttemptAt && progress.nextAttemptAt > d.nextAttemptAt ? progress.nextAttemptAt : d.nextAttemptAt;
  return { ...d, attemptCount: progress.attemptCount, roundFailures: d.roundFailures + progress.roundFailures, nextAttemptAt };
}

function toQueued(d: Delivery): QueuedDelivery {
  return {
    deliveryId: d.deliveryId,
    messageId: d.messageId,
    endpointId: d.endpointId,
    partnerId: d.partnerId,
    category: d.category,
    hotelCode: d.hotelCode,
    ordinal: d.ordinal,
    apiVersion: d.apiVersion,
    body: d.body,
    attemptCount: d.attemptCount,
    roundFailures: d.roundFailures,
    notBefore: d.nextAttemptAt.getTime(),
  };
}
