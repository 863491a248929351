import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeliveryConfig } from '../../config';
import { CLOCK, DELIVERY_CONFIG } from '../delivery.di-tokens';
import { AttemptRepository } from '../persistence/attempt.repository';
import { DeliveryRepository } from '../persistence/delivery.repository';
import { EndpointLeaseRepository } from '../persistence/endpoint-lease.repository';
import { WaitingEndpointRepository } from '../persistence/waiting-endpoint.repository';
import { MessageRepository } from '../persistence/message.repository';
import type { Clock } from '../ports/clock.port';
import { AttemptRecorder } from './attempt-recorder';
import { Dispatcher } from './dispatcher';

const RETENTION_EVERY_MS = 10 * 60_000;
/**
 * How often the scanner also reads every open delivery for waiting ones nobody marked (marks
 * written by an older version, or lost to a crash between a delivery's insert and its mark):
 * on FerretDB v1 that read scans the deliveries with their bodies, so it is not done each pass.
 */
const FULL_SCAN_EVERY_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * The safety net behind the in-memory fast path, every DELIVERY_POLL_INTERVAL_MS: takes over
 * endpoints whose holder died (lapsed lease), loads deliveries other processes stored waiting
 * for an endpoint this one holds (their marks; every open delivery once a minute), publishes
 * attempts a crash left in the outbox, and purges what is past retention.
 */
@Injectable()
export class WorkScanner {
  private readonly logger = new Logger(WorkScanner.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastRetention = 0;
  private lastFullScan = 0;

  constructor(
    @Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dispatcher: Dispatcher,
    private readonly leases: EndpointLeaseRepository,
    private readonly waitingEndpoints: WaitingEndpointRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly messages: MessageRepository,
    private readonly attempts: AttemptRepository,
    private readonly recorder: AttemptRecorder,
  ) {}

  start(): void {
    this.dispatcher.startLeaseRenewal();
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass, also run once at start-up. Open deliveries are never purged: they end by their attempts. */
  async scanOnce(): Promise<void> {
    const now = this.clock.now();
    for (const lease of await this.leases.lapsed(now, 100)) await this.dispatcher.workWaiting(lease.endpointId);
    for (const mark of await this.waitingEndpoints.list(500)) if (await this.dispatcher.workWaiting(mark.endpointId)) await this.waitingEndpoints.clear(mark);
    if (now.getTime() - this.lastFullScan >= FULL_SCAN_EVERY_MS) {
      this.lastFullScan = now.getTime();
      for (const endpointId of await this.deliveries.endpointsWithWaitingWork(500)) await this.dispatcher.workWaiting(endpointId);
    }
    await this.recorder.publishOutbox();
    if (now.getTime() - this.lastRetention >= RETENTION_EVERY_MS) {
      this.lastRetention = now.getTime();
      const retentionMs = this.config.DELIVERY_RETENTION_HOURS * HOUR_MS;
      await this.messages.purgeReceivedBefore(new Date(now.getTime() - retentionMs));
      await this.attempts.purgeBefore(new Date(now.getTime() - 2 * retentionMs));
    }
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.running = this.scanOnce()
        .catch((error: unknown) => this.logger.error(`scan failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.schedule(this.config.DELIVERY_POLL_INTERVAL_MS);
        });
    }, delay);
    this.timer.unref();
  }
}
