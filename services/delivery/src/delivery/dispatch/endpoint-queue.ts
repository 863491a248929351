import { closedBreaker, type BreakerState } from '@bakuun/delivery-domain';

/** A delivery held in memory by the process that holds its endpoint's lease. */
export interface QueuedDelivery {
  readonly deliveryId: string;
  readonly messageId: string;
  readonly endpointId: string;
  readonly partnerId: string;
  readonly category: string;
  readonly hotelCode: string;
  readonly ordinal: number;
  readonly apiVersion: string;
  readonly body: string;
  attemptCount: number;
  roundFailures: number;
  /** Epoch ms before which the next attempt must not start. */
  notBefore: number;
}

/** One endpoint's deliveries for one hotel: sent one at a time, lowest ordinal first. */
export class Lane {
  readonly items: QueuedDelivery[] = [];
  busy = false;
  timer: NodeJS.Timeout | null = null;
  timerAt = 0;

  constructor(readonly hotelCode: string) {}

  /** In ordinal order, but never ahead of the head while it is in flight. */
  insert(item: QueuedDelivery): void {
    let i = this.items.length;
    const floor = this.busy ? 1 : 0;
    while (i > floor && this.items[i - 1]!.ordinal > item.ordinal) i--;
    this.items.splice(i, 0, item);
  }

  head(): QueuedDelivery | undefined {
    return this.items[0];
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = 0;
  }
}

/** Everything the dispatcher keeps about one endpoint it holds the lease of. */
export class EndpointQueue {
  readonly lanes = new Map<string, Lane>();
  /** Lanes whose head may go now, in the order they became ready. */
  readonly readyLanes = new Set<Lane>();
  inFlight = 0;
  /** Deliveries in memory (and reserved by a fan-out in progress). */
  loaded = 0;
  /** Some of the endpoint's pending deliveries wait in the store: new ones must wait behind them. */
  spilled = false;
  pendingSpillWrites = 0;
  spillEpoch = 0;
  /** Deliveries this process stored while spilled (claimed by it, never attempted), to load by id. */
  spilledIds: { deliveryId: string; ordinal: number }[] = [];
  /** Bumped when the store may hold waiting deliveries whose ids this process does not know; `scannedEpoch` = the last one a query loaded all of. */
  scanEpoch = 0;
  scannedEpoch = 0;
  refilling = false;
  breaker: BreakerState = closedBreaker;
  breakerTimer: NodeJS.Timeout | null = null;
  /** The receiver answered 410: nothing more is sent until the endpoint is activated again. */
  gone = false;
  /** Dropped from the dispatcher (lease lost, endpoint deleted): finishes what is in flight, starts nothing. */
  detached = false;

  constructor(readonly endpointId: string) {}

  lane(hotelCode: string): Lane {
    let lane = this.lanes.get(hotelCode);
    if (!lane) this.lanes.set(hotelCode, (lane = new Lane(hotelCode)));
    return lane;
  }

  /** The first ready lane, taken out of the ready set. */
  takeReadyLane(): Lane | undefined {
    for (const lane of this.readyLanes) {
      this.readyLanes.delete(lane);
      if (!lane.busy && lane.items.length > 0) return lane;
    }
    return undefined;
  }

  /** Deliveries in memory that failed at least once and wait for their next attempt. */
  retrying(): number {
    let count = 0;
    for (const lane of this.lanes.values()) for (const item of lane.items) if (item.attemptCount > 0) count++;
    return count;
  }

  clear(): void {
    for (const lane of this.lanes.values()) lane.clearTimer();
    if (this.breakerTimer) clearTimeout(this.breakerTimer);
    this.lanes.clear();
    this.readyLanes.clear();
  }
}
