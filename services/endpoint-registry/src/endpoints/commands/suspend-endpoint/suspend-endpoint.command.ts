import type { EndpointId, SuspensionReason } from '@bakuun/endpoint-domain';

export interface SuspendEndpointInput {
  endpointId: EndpointId;
  reason: SuspensionReason;
}
