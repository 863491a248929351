import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { KeyManagementConfig } from '../../config';
import { EndpointEventsConsumer } from '../consumer/endpoint-events.consumer';
import { KEYS_CONFIG } from '../keys.di-tokens';
import { LastUseBatcher } from './last-use.batcher';
import { RollRecoveryLoop } from './roll-recovery.loop';

/**
 * Starts and stops the background work in one place, in order. Shutdown runs after the gRPC and
 * HTTP servers stopped taking calls: leave the consumer group (offsets of handled messages
 * committed), stop roll recovery (a pass in flight finishes), then write the batched last uses.
 */
@Injectable()
export class KeyManagementLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KeyManagementLifecycle.name);

  constructor(
    private readonly consumer: EndpointEventsConsumer,
    private readonly recovery: RollRecoveryLoop,
    private readonly lastUse: LastUseBatcher,
    @Inject(KEYS_CONFIG) private readonly config: KeyManagementConfig,
  ) {}

  private consumerStarting: Promise<void> | null = null;
  private stopping = false;

  /** The consumer joins its group in the background: a rebalance can take a session timeout, and gRPC must not wait for it (readiness does). */
  onApplicationBootstrap(): void {
    this.lastUse.start(this.config.LAST_USE_FLUSH_MS, (error) => this.logger.error(`Writing last use failed (kept for the next flush): ${error instanceof Error ? error.message : String(error)}`));
    this.recovery.start();
    this.consumerStarting = this.startConsumer();
  }

  /** Retries until the consumer runs: a topic just created may not have a leader yet, a broker may be restarting. */
  private async startConsumer(): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.consumer.start();
        return;
      } catch (error) {
        this.logger.warn(`Endpoint events consumer failed to start (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : String(error)}`);
        await this.consumer.disconnect().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5_000)));
      }
    }
  }

  /** Resolves once the consumer has joined its group (tests that need events wait for this). */
  async consumerReady(): Promise<void> {
    await this.consumerStarting;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await settle('endpoint events consumer', () => this.consumer.stop(), this.logger);
    await settle('roll recovery', () => this.recovery.stop(), this.logger);
    await settle('last-use flush', () => this.lastUse.stop(), this.logger);
  }
}

async function settle(what: string, step: () => Promise<void>, logger: Logger): Promise<void> {
  try {
    await step();
  } catch (error) {
    logger.error(`Stopping ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
