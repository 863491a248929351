import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { applyToEndpointView, EndpointView } from '@bakuun/endpoint-domain';
import { CheckpointRepository, EventStore } from '@bakuun/event-store';
import { EVENT_STORE, REGISTRY_CONFIG } from '../endpoints.di-tokens';
import type { RegistryConfig } from '../../config';
import { toStoredEndpointEvent } from '../application/endpoint-stream';
import { APPENDS_SETTLE_MS, EndpointLogNotifier } from '../application/endpoint-log.notifier';
import { PollingLoop } from '../application/polling-loop';
import { ThrottledCheckpoint } from '../application/throttled-checkpoint';
import { EndpointViewRepository } from './endpoint-view.repository';

export const ENDPOINT_VIEW_CHECKPOINT = 'projection.endpoints';
const BATCH = 500;
/** Views this projector wrote, kept to spare a read per event (every read scans on FerretDB v1). */
const MAX_KNOWN_VIEWS = 10_000;

/**
 * Keeps the `endpoints` read model up to date from the log: whole documents computed by the
 * domain's pure projection, one bulk write per batch, the checkpoint written at most once a
 * second. Re-applying an event is harmless (the projection ignores versions it already has).
 */
@Injectable()
export class EndpointViewProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointViewProjector.name);
  private readonly loop: PollingLoop;
  private readonly known = new Map<string, EndpointView>();
  private readonly checkpoint: ThrottledCheckpoint;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    checkpoints: CheckpointRepository,
    private readonly views: EndpointViewRepository,
    notifier: EndpointLogNotifier,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
  ) {
    this.checkpoint = new ThrottledCheckpoint(checkpoints, ENDPOINT_VIEW_CHECKPOINT);
    this.loop = new PollingLoop('endpoint-view-projector', config.LOG_POLL_INTERVAL_MS, () => this.catchUp(), this.logger, { settleMs: APPENDS_SETTLE_MS });
    notifier.subscribe(() => this.loop.nudge());
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.checkpoint.flush();
  }

  /** Applies everything after the checkpoint; returns the number of events applied. */
  async catchUp(): Promise<number> {
    let applied = 0;
    let after = await this.checkpoint.load();
    for (;;) {
      const events = await this.store.readAll({ after, limit: BATCH });
      if (events.length === 0) return applied;
      const changed = new Map<string, EndpointView | null>();
      for (const event of events) {
        const current = changed.has(event.streamId) ? changed.get(event.streamId)! : (this.known.get(event.streamId) ?? (await this.views.getForProjection(event.streamId)));
        changed.set(event.streamId, applyToEndpointView(current, toStoredEndpointEvent(event)));
      }
      await this.save([...changed.values()].filter((view): view is EndpointView => view !== null));
      after = events.at(-1)!.globalPosition;
      await this.checkpoint.advance(after);
      applied += events.length;
    }
  }

  private async save(views: EndpointView[]): Promise<void> {
    await this.views.saveAll(views);
    for (const view of views) {
      this.known.delete(view.endpointId);
      this.known.set(view.endpointId, view);
    }
    for (const oldest of this.known.keys()) {
      if (this.known.size <= MAX_KNOWN_VIEWS) break;
      this.known.delete(oldest);
    }
  }

  /** Recreates the read model from the log alone. */
  async rebuild(): Promise<number> {
    await this.loop.pause(async () => {
      this.known.clear();
      await this.views.drop();
      await this.checkpoint.reset();
    });
    return this.loop.runNow();
  }
}
