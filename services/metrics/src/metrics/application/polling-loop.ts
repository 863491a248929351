import type { LoggerService } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs` (or at once when nudged), never twice at once; `stop` waits
 * for the running pass so shutdown leaves nothing half-written.
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
    this.schedule(this.intervalMs);
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
