import type { EndpointId } from '@bakuun/endpoint-domain';

export interface ConfigureEndpointUrlInput {
  endpointId: EndpointId;
  url: string;
}
