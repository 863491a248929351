import { Logger } from '@nestjs/common';
import { firstValueFrom, timeout } from 'rxjs';
import { keysV1 } from '@bakuun/contracts';
import { callMetadata } from '@bakuun/platform';
import type { KeyUsageReader } from '../ports/key-usage-reader.port';

const CALL_TIMEOUT_MS = 1_000;

/** KeyUsageReader over key management's GetKeyInfo, one call per endpoint of a page, in parallel. */
export class GrpcKeyUsageReader implements KeyUsageReader {
  private readonly logger = new Logger(GrpcKeyUsageReader.name);

  constructor(private readonly client: keysV1.KeyManagementServiceClient) {}

  async lastUsedAt(partnerId: string, endpointIds: string[]): Promise<Map<string, string>> {
    const metadata = callMetadata(partnerId, { kind: 'SERVICE', id: 'endpoint-registry' });
    const results = await Promise.allSettled(
      endpointIds.map(async (endpointId) => {
        const info = await firstValueFrom(this.client.getKeyInfo({ endpointId }, metadata).pipe(timeout(CALL_TIMEOUT_MS)));
        return [endpointId, info.current?.lastUsedAt ?? ''] as const;
      }),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) this.logger.warn(`key last use unavailable for ${failed} of ${endpointIds.length} endpoints`);
    return new Map(results.flatMap((r) => (r.status === 'fulfilled' && r.value[1] ? [r.value] : [])));
  }
}
