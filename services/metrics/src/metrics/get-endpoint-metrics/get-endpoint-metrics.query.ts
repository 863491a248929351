import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError } from '@bakuun/errors';
import { EndpointReport, reportEndpoint } from '@bakuun/metrics-domain';
import type { PolicySettings } from '../application/policy-settings';
import { CLOCK, POLICY_SETTINGS } from '../metrics.di-tokens';
import { AttemptSegmentRepository } from '../persistence/attempt-segment.repository';
import { EndpointDirectoryRepository } from '../persistence/endpoint-directory.repository';
import { EndpointStateRepository } from '../persistence/endpoint-state.repository';
import type { Clock } from '../ports/clock.port';

/** An endpoint's figures computed at the moment of the call, from its stored segments. */
@Injectable()
export class GetEndpointMetricsQuery {
  constructor(
    private readonly segments: AttemptSegmentRepository,
    private readonly states: EndpointStateRepository,
    private readonly directory: EndpointDirectoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_SETTINGS) private readonly settings: PolicySettings,
  ) {}

  async execute(partnerId: string, endpointId: string): Promise<EndpointReport> {
    const [segmentsById, statesById, directoryById] = await Promise.all([this.segments.forEndpoints([endpointId]), this.states.latest([endpointId]), this.directory.get([endpointId])]);
    const segments = segmentsById.get(endpointId) ?? [];
    const state = statesById.get(endpointId)?.state ?? null;
    const directory = directoryById.get(endpointId) ?? null;
    const owner = directory?.partnerId ?? state?.partnerId ?? segments[0]?.partnerId;
    // Another partner's endpoint is indistinguishable from an unknown one.
    if (owner !== partnerId) throw new NotFoundError('ENDPOINT.NOT_FOUND', `Endpoint ${endpointId} has no metrics`, { field: 'endpoint_id' });
    return reportEndpoint({
      endpointId,
      partnerId,
      now: this.clock.now().getTime(),
      segments,
      archive: state?.archive ?? null,
      directory,
      acceptedRequestId: state?.acceptedRequestId ?? null,
      policy: this.settings.policy,
      thresholds: this.settings.thresholds,
    });
  }
}
