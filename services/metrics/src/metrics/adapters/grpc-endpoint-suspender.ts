import { status } from '@grpc/grpc-js';
import { lastValueFrom, timeout } from 'rxjs';
import { registryV1 } from '@bakuun/contracts';
import { callMetadata } from '@bakuun/platform';
import type { EndpointSuspender, SuspendOutcome, SuspendRequest } from '../ports/endpoint-suspender.port';

export const METRICS_ACTOR = { kind: 'SERVICE', id: 'metrics' } as const;

/** The registry's SuspendEndpoint with reason `automatic`, as the metrics service (actor service/metrics). */
export class GrpcEndpointSuspender implements EndpointSuspender {
  constructor(
    private readonly registry: registryV1.EndpointRegistryServiceClient,
    private readonly timeoutMs: number,
  ) {}

  async suspend(request: SuspendRequest): Promise<SuspendOutcome> {
    const { metric, value, windowSeconds, attempts } = request.figure;
    try {
      await lastValueFrom(
        this.registry
          .suspendEndpoint(
            { requestId: request.requestId, endpointId: request.endpointId, reason: { automatic: { metric, value, windowSeconds, attempts } }, expectedVersion: 0 },
            callMetadata(request.partnerId, METRICS_ACTOR, request.requestId),
          )
          .pipe(timeout(this.timeoutMs)),
      );
      return 'SUSPENDED';
    } catch (error) {
      if ((error as { code?: number }).code === status.NOT_FOUND) return 'GONE';
      throw error;
    }
  }
}
