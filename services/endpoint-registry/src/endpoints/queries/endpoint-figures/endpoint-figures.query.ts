import { Inject, Injectable } from '@nestjs/common';
import type { EndpointView } from '@bakuun/endpoint-domain';
import { KEY_USAGE_READER } from '../../endpoints.di-tokens';
import type { KeyUsageReader } from '../../ports/key-usage-reader.port';
import { EndpointHealthRepository } from '../../read-model/endpoint-health.repository';
import type { ViewExtras } from '../../grpc/endpoint.proto-mapper';

/**
 * What the registry shows beside an endpoint's own state: the error rate computed by the
 * metrics service and the key's last use tracked by key management. Deleted endpoints have neither.
 */
@Injectable()
export class EndpointFiguresQuery {
  constructor(
    private readonly health: EndpointHealthRepository,
    @Inject(KEY_USAGE_READER) private readonly keyUsage: KeyUsageReader,
  ) {}

  async forViews(partnerId: string, views: EndpointView[]): Promise<Map<string, ViewExtras>> {
    const live = views.filter((v) => v.status !== 'DELETED').map((v) => v.endpointId);
    const [figures, lastUse] = await Promise.all([this.health.forEndpoints(partnerId, live), this.keyUsage.lastUsedAt(partnerId, live)]);
    return new Map(
      live.map((id) => {
        const errorRate = figures.get(id)?.errorRate1h;
        const keyLastUsedAt = lastUse.get(id);
        return [id, { ...(errorRate === null || errorRate === undefined ? {} : { errorRate }), ...(keyLastUsedAt ? { keyLastUsedAt } : {}) }];
      }),
    );
  }
}
