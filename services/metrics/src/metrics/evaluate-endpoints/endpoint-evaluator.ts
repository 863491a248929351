import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  ARCHIVE_AFTER_HOURS,
  archiveCutoff,
  AttemptSegment,
  EndpointReport,
  hourStartOf,
  HOUR_MS,
  isMaterialChange,
  planArchive,
  planCompaction,
  reportEndpoint,
} from '@bakuun/metrics-domain';
import type { MetricsConfig } from '../../config';
import { MetricsInstruments } from '../application/metrics.instruments';
import { PollingLoop } from '../application/polling-loop';
import type { PolicySettings } from '../application/policy-settings';
import { AttemptIngestion } from '../ingest-attempts/attempt-ingestion';
import { CLOCK, ENDPOINT_SUSPENDER, HEALTH_PUBLISHER, METRICS_CONFIG, POLICY_SETTINGS } from '../metrics.di-tokens';
import { AttemptSegmentRepository } from '../persistence/attempt-segment.repository';
import { EndpointDirectoryRepository } from '../persistence/endpoint-directory.repository';
import { EndpointState, EndpointStateRepository, StoredEndpointState } from '../persistence/endpoint-state.repository';
import type { Clock } from '../ports/clock.port';
import type { EndpointSuspender } from '../ports/endpoint-suspender.port';
import type { HealthPublisher } from '../ports/health-publisher.port';

const MAX_PER_PASS = 500;
/** Endpoints are revisited while they had attempts this recently: the windows empty, then the archive takes the last hours. */
const ROLLING_LOOKBACK_MS = (ARCHIVE_AFTER_HOURS + 2) * HOUR_MS;

interface Evaluation {
  report: EndpointReport;
  stored: StoredEndpointState | null;
  next: EndpointState;
  publish: boolean;
  remove: AttemptSegment[];
  insert: AttemptSegment[];
}

/**
 * Every EVALUATION_INTERVAL_MS, for the endpoints whose attempts were stored since the last
 * pass and those whose windows roll: computes the figures (one read of their segments, states
 * and directory entries), publishes EndpointHealth when they changed materially, asks the
 * registry to suspend where the policy says so, compacts and archives segments, and stores the
 * next state version, in that order, so a crash repeats a pass rather than losing one.
 */
@Injectable()
export class EndpointEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointEvaluator.name);
  private readonly loop: PollingLoop;
  private readonly dirty = new Set<string>();
  private firstPass = true;

  constructor(
    private readonly segments: AttemptSegmentRepository,
    private readonly states: EndpointStateRepository,
    private readonly directory: EndpointDirectoryRepository,
    @Inject(HEALTH_PUBLISHER) private readonly publisher: HealthPublisher,
    @Inject(ENDPOINT_SUSPENDER) private readonly suspender: EndpointSuspender,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    @Inject(POLICY_SETTINGS) private readonly settings: PolicySettings,
    private readonly instruments: MetricsInstruments,
    ingestion: AttemptIngestion,
  ) {
    this.loop = new PollingLoop('endpoint-evaluation', config.EVALUATION_INTERVAL_MS, () => this.evaluatePass(), this.logger);
    ingestion.onFlushed((ids) => this.markDirty(ids));
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  markDirty(endpointIds: readonly string[]): void {
    for (const id of endpointIds) this.dirty.add(id);
  }

  /** One pass now (tests and benchmarks); returns how many endpoints were evaluated. */
  runNow(): Promise<number> {
    return this.loop.runNow();
  }

  async evaluatePass(): Promise<number> {
    const now = this.clock.now().getTime();
    const candidates = new Set(this.dirty);
    this.dirty.clear();
    if (this.firstPass) {
      for (const id of await this.segments.endpointsWithHoursSince(new Date(hourStartOf(now) - HOUR_MS))) candidates.add(id);
      this.firstPass = false;
    }
    for (const id of await this.states.due(new Date(now - this.config.HEALTH_ROLL_INTERVAL_MS), new Date(now - ROLLING_LOOKBACK_MS), MAX_PER_PASS)) candidates.add(id);
    if (candidates.size === 0) return 0;
    const ids = [...candidates].slice(0, MAX_PER_PASS);
    this.markDirty([...candidates].slice(MAX_PER_PASS));
    const stop = this.instruments.evaluationSeconds.startTimer();
    try {
      await this.evaluate(ids, now);
    } finally {
      stop();
    }
    this.instruments.endpointsEvaluated.inc(ids.length);
    return ids.length;
  }

  private async evaluate(ids: string[], now: number): Promise<void> {
    const [segmentsById, statesById, directoryById] = await Promise.all([this.segments.forEndpoints(ids), this.states.latest(ids), this.directory.get(ids)]);
    const evaluations: Evaluation[] = [];
    for (const endpointId of ids) {
      const segments = segmentsById.get(endpointId) ?? [];
      const stored = statesById.get(endpointId) ?? null;
      const directory = directoryById.get(endpointId) ?? null;
      const partnerId = directory?.partnerId ?? stored?.state.partnerId ?? segments[0]?.partnerId;
      if (!partnerId) continue;
      const previous = stored?.state ?? null;
      const archive = planArchive(segments, previous?.archive ?? null, now, this.settings.policy.periodMs);
      const report = reportEndpoint({
        endpointId,
        partnerId,
        now,
        segments,
        archive: archive?.archive ?? previous?.archive ?? null,
        directory,
        acceptedRequestId: previous?.acceptedRequestId ?? null,
        policy: this.settings.policy,
        thresholds: this.settings.thresholds,
      });
      const compaction = planCompaction(segments.filter((s) => s.hourStart >= archiveCutoff(now)), now, this.settings.compaction);
      evaluations.push({
        report,
        stored,
        publish: isMaterialChange(previous?.published ?? null, report.figures, this.settings.publish),
        insert: compaction.insert,
        remove: [...compaction.remove, ...(archive?.remove ?? [])],
        next: {
          endpointId,
          partnerId: report.partnerId,
          version: (previous?.version ?? 0) + 1,
          computedAt: now,
          lastAttemptAt: report.activity.lastAttemptAt,
          figures: report.figures,
          summary: report.health.summary,
          failuresByClass24h: report.windows.lastDay.failuresByClass,
          published: previous?.published ?? null,
          acceptedRequestId: previous?.acceptedRequestId ?? null,
          archive: archive?.archive ?? previous?.archive ?? null,
        },
      });
    }

    await this.suspendWhereDecided(evaluations);
    await this.segments.insert(evaluations.flatMap((e) => e.insert), new Date(now));
    await this.publishChanged(evaluations);
    const lost = await this.states.append(evaluations.map((e) => e.next));
    const kept = evaluations.filter((e) => !lost.has(e.report.endpointId));
    await this.states.removeVersions(kept.flatMap((e) => (e.stored ? [e.stored.state.version, ...e.stored.olderVersions].map((version) => ({ endpointId: e.report.endpointId, version })) : [])));
    await this.segments.remove(kept.flatMap((e) => e.remove));
  }

  private async suspendWhereDecided(evaluations: Evaluation[]): Promise<void> {
    for (const e of evaluations) {
      const decision = e.report.decision;
      if (decision.action !== 'SUSPEND') continue;
      try {
        const outcome = await this.suspender.suspend({ endpointId: e.report.endpointId, partnerId: e.report.partnerId, requestId: decision.requestId, figure: decision.figure });
        e.next.acceptedRequestId = decision.requestId;
        this.instruments.autoSuspensions.inc({ outcome: outcome.toLowerCase() });
        this.logger.log(`endpoint ${e.report.endpointId} ${outcome === 'SUSPENDED' ? 'suspended automatically' : 'no longer exists'}: ${decision.explanation}`);
      } catch (error) {
        this.instruments.autoSuspensions.inc({ outcome: 'error' });
        this.markDirty([e.report.endpointId]);
        this.logger.warn(`suspending endpoint ${e.report.endpointId} failed, retrying next pass: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async publishChanged(evaluations: Evaluation[]): Promise<void> {
    const changed = evaluations.filter((e) => e.publish);
    if (changed.length === 0) return;
    try {
      await this.publisher.publish(changed.map((e) => e.report));
    } catch (error) {
      this.markDirty(changed.map((e) => e.report.endpointId));
      this.logger.warn(`publishing ${changed.length} health events failed, retrying next pass: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const e of changed) e.next.published = e.report.figures;
    this.instruments.healthEvents.inc(changed.length);
  }
}
