import type { EndpointId } from '@bakuun/endpoint-domain';

export interface UpdateApiVersionInput {
  endpointId: EndpointId;
  apiVersion: string;
}
