import type { EndpointId } from '@bakuun/endpoint-domain';

export interface ActivateEndpointInput {
  endpointId: EndpointId;
}
