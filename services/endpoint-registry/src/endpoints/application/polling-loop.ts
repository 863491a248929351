import type { LoggerService } from '@nestjs/common';

export interface PollingLoopOptions {
  /**
   * How long a nudge waits before its pass starts, so that the work of nudges close together
   * is done in one pass (under load: one checkpoint write and one Kafka request per window
   * instead of per command). Nudges never postpone a pass already due.
   * @defaultValue 0
   */
  readonly settleMs?: number;
}

/**
 * Runs `work` whenever nudged or every `intervalMs`, never twice at once; `stop` waits for the
 * running pass so shutdown leaves nothing half-written.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private dueAt = Number.POSITIVE_INFINITY;
  private readonly settleMs: number;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<number>,
    private readonly logger: LoggerService,
    options: PollingLoopOptions = {},
  ) {
    this.settleMs = options.settleMs ?? 0;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else if (performance.now() + this.settleMs < this.dueAt) this.schedule(this.settleMs);
  }

  /** Runs one pass now (after any pass in flight) and returns how much it did. */
  async runNow(): Promise<number> {
    while (this.running) await this.running.catch(() => 0);
    return this.pass();
  }

  /** Runs `action` while no pass is in flight. */
  async pause(action: () => Promise<void>): Promise<void> {
    const wasStopped = this.stopped;
    this.stopped = true;
    this.cancelTimer();
    while (this.running) await this.running.catch(() => 0);
    try {
      await action();
    } finally {
      this.stopped = wasStopped;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer();
    while (this.running) await this.running.catch(() => 0);
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.dueAt = Number.POSITIVE_INFINITY;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = performance.now() + delay;
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    this.dueAt = Number.POSITIVE_INFINITY;
    if (this.stopped) return;
    // A pass started by runNow is in flight: come back later rather than let the loop lapse.
    if (this.running) return this.schedule(this.intervalMs);
    try {
      await this.pass();
    } catch (error) {
      this.logger.error(`${this.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.stopped) return;
    const again = this.again;
    this.again = false;
    this.schedule(again ? this.settleMs : this.intervalMs);
  }

  private async pass(): Promise<number> {
    this.running = this.work();
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }
}
