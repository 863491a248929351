import type { EndpointId } from '@bakuun/endpoint-domain';

export interface DeleteEndpointInput {
  endpointId: EndpointId;
}
