import { lastValueFrom, timeout } from 'rxjs';
import { registryV1 } from '@bakuun/contracts';
import { callMetadata } from '@bakuun/platform';
import type { EndpointSuspender } from '../ports/endpoint-suspender.port';
import type { EndpointRef } from '../ports/signing-secret-source.port';

const CALL_TIMEOUT_MS = 5_000;

/** SuspendEndpoint with reason receiver_gone; the request id makes the call safe to retry. */
export class GrpcEndpointSuspender implements EndpointSuspender {
  constructor(private readonly client: registryV1.EndpointRegistryServiceClient) {}

  async suspendReceiverGone(endpoint: EndpointRef, requestId: string): Promise<void> {
    await lastValueFrom(
      this.client
        .suspendEndpoint({ requestId, endpointId: endpoint.endpointId, reason: { receiverGone: { statusCode: 410 } }, expectedVersion: 0 }, callMetadata(endpoint.partnerId, { kind: 'SERVICE', id: 'delivery' }))
        .pipe(timeout(CALL_TIMEOUT_MS)),
    );
  }
}
