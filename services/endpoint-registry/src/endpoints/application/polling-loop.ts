import type { LoggerService } from '@nestjs/common';

/**
 * Runs `work` whenever nudged or every `intervalMs`, never twice at once; `stop` waits for the
 * running pass so shutdown leaves nothing half-written.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<number>,
    private readonly logger: LoggerService,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
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
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running.catch(() => 0);
    try {
      await action();
    } finally {
      this.stopped = wasStopped;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running.catch(() => 0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    try {
      await this.pass();
    } catch (error) {
      this.logger.error(`${this.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.stopped) return;
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : this.intervalMs);
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
