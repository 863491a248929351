import { Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import { EndpointHealthRepository } from '../../read-model/endpoint-health.repository';
import type { ViewExtras } from '../../grpc/endpoint.proto-mapper';

/** What the registry shows beside an endpoint's own state: the error rate computed by the metrics service. */
@Injectable()
export class EndpointFiguresQuery {
  constructor(private readonly health: EndpointHealthRepository) {}

  async forViews(partnerId: string, views: EndpointView[]): Promise<Map<string, ViewExtras>> {
    const figures = await this.health.forEndpoints(partnerId, views.map((v) => v.endpointId));
    return new Map([...figures].map(([id, f]) => [id, f.errorRate1h === null ? {} : { errorRate: f.errorRate1h }]));
  }
}
