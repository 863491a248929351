import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KeyManagementConfig } from '../../config';
import { CLOCK, KEYS_CONFIG } from '../keys.di-tokens';
import type { Clock } from '../ports/clock.port';
import { EndpointKeysRepository } from '../persistence/endpoint-keys.repository';
import { RollCompletion } from './roll-completion';

const BATCH = 20;

/**
 * Settles rolls left pending by a registry that did not answer or a process that died between
 * storing the new key and committing it: every ROLL_RECOVERY_INTERVAL_MS, each roll pending for
 * longer than ROLL_RECOVERY_AFTER_MS is recorded again (idempotent by request id) and then
 * committed, or abandoned if the registry refuses it. State lives in the database, so a restart
 * loses nothing.
 */
@Injectable()
export class RollRecoveryLoop {
  private readonly logger = new Logger(RollRecoveryLoop.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;

  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly completion: RollCompletion,
    @Inject(KEYS_CONFIG) private readonly config: KeyManagementConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running.catch(() => 0);
  }

  /** One pass now (after any pass in flight); returns how many pending rolls were settled. */
  async runOnce(minAgeMs = this.config.ROLL_RECOVERY_AFTER_MS): Promise<number> {
    while (this.running) await this.running.catch(() => 0);
    this.running = this.pass(minAgeMs);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) => this.logger.error(`Roll recovery failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, this.config.ROLL_RECOVERY_INTERVAL_MS);
    this.timer.unref();
  }

  private async pass(minAgeMs: number): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - minAgeMs);
    let settled = 0;
    for (const record of await this.records.findPendingRolls(cutoff, BATCH)) {
      const outcome = await this.completion.complete(record);
      if (outcome.kind !== 'PENDING') settled++;
      else this.logger.warn(`Key roll ${record.pendingRoll?.requestId} of endpoint ${record.endpointId} still not recorded by the registry; the current key stays valid`);
    }
    return settled;
  }
}
