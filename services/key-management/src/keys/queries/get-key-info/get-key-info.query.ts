import { Inject, Injectable } from '@nestjs/common';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { NotFoundError } from '@bakuun/errors';
import { overlappingPreviousKey, type KeyRecord } from '@bakuun/key-domain';
import { LastUseBatcher } from '../../application/last-use.batcher';
import { CLOCK } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';
import { KeyUsageRepository } from '../../persistence/key-usage.repository';

export type KeyState = 'ACTIVE' | 'EXPIRING' | 'REVOKED';

export interface KeyInfoView {
  keyId: string;
  maskedKey: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  state: KeyState;
}

export interface EndpointKeyInfo {
  current: KeyInfoView;
  /** The previous key while it still overlaps; null otherwise. */
  previous: KeyInfoView | null;
  rollPending: boolean;
}

/** What the operator sees before rolling: masked key, created at, last use, and the previous key while it overlaps. */
@Injectable()
export class GetKeyInfoQuery {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly usage: KeyUsageRepository,
    private readonly lastUse: LastUseBatcher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(partnerId: string, endpointId: string): Promise<EndpointKeyInfo> {
    const record = await this.records.get(partnerId, parseEndpointId(endpointId, 'endpoint_id'));
    if (record === null) throw new NotFoundError('KEY.ENDPOINT_NOT_FOUND', `Endpoint ${endpointId} has no keys`, { field: 'endpoint_id' });
    const now = this.clock.now();
    const { keys } = record;
    const previous = overlappingPreviousKey(keys, now);
    const stored = await this.usage.lastUses(previous ? [keys.current.keyId, previous.keyId] : [keys.current.keyId]);
    const lastUsedAt = (key: KeyRecord): Date | null => later(stored.get(key.keyId) ?? null, this.lastUse.unflushedUseOf(key.keyId));
    return {
      current: { keyId: keys.current.keyId, maskedKey: keys.current.maskedKey, createdAt: keys.current.createdAt, lastUsedAt: lastUsedAt(keys.current), expiresAt: null, state: keys.deleted ? 'REVOKED' : 'ACTIVE' },
      previous: previous
        ? { keyId: previous.keyId, maskedKey: previous.maskedKey, createdAt: previous.createdAt, lastUsedAt: lastUsedAt(previous), expiresAt: previous.expiresAt, state: 'EXPIRING' }
        : null,
      rollPending: record.pendingRoll !== null,
    };
  }
}

function later(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() >= b.getTime() ? a : b;
}
