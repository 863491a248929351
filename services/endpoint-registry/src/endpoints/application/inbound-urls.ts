import { Inject, Injectable } from '@nestjs/common';
import type { EndpointCategory, EndpointId, EndpointMethod } from '@bakuun/endpoint-domain';
import { REGISTRY_CONFIG } from '../endpoints.di-tokens';
import type { RegistryConfig } from '../../config';

/** The URLs the platform generates for inbound endpoints, served by the inbound edge (services/inbound-edge). */
@Injectable()
export class InboundUrls {
  private readonly base: string;

  constructor(@Inject(REGISTRY_CONFIG) config: RegistryConfig) {
    this.base = config.INBOUND_BASE_URL.replace(/\/+$/, '');
  }

  urlFor(category: EndpointCategory, method: EndpointMethod, endpointId: EndpointId): string {
    const path = category === 'BOOKING' && method === 'PUSH' ? 'bookings' : category === 'MAPPING' && method === 'READ' ? 'mapping' : `${category.toLowerCase()}-${method.toLowerCase()}`;
    return `${this.base}/v1/inbound/${path}/${endpointId}`;
  }
}
