import { Inject, Injectable } from '@nestjs/common';
import { parseEndpointId } from '@bakuun/endpoint-domain';
import { IllegalStateError, NotFoundError } from '@bakuun/errors';
import { decryptSecret, overlappingPreviousKey, validSigningKeysAt, type MasterKeyring } from '@bakuun/key-domain';
import { materialOf } from '../../application/endpoint-key-record';
import { LastUseBatcher } from '../../application/last-use.batcher';
import { CLOCK, MASTER_KEYRING } from '../../keys.di-tokens';
import type { Clock } from '../../ports/clock.port';
import { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';

export interface SigningSecretView {
  keyId: string;
  /** Plaintext `whsec_…`: returned to delivery over gRPC, never logged. */
  secret: string;
  expiresAt: Date | null;
}

/**
 * Every signing secret valid now, newest first (delivery signs once per secret during an
 * overlap), opened from the AES-256-GCM envelope. Counts as a use of each returned key.
 */
@Injectable()
export class GetSigningSecretsQuery {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly lastUse: LastUseBatcher,
    @Inject(MASTER_KEYRING) private readonly keyring: MasterKeyring,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(partnerId: string, endpointId: string): Promise<SigningSecretView[]> {
    const record = await this.records.get(partnerId, parseEndpointId(endpointId, 'endpoint_id'));
    if (record === null) throw new NotFoundError('KEY.ENDPOINT_NOT_FOUND', `Endpoint ${endpointId} has no keys`, { field: 'endpoint_id' });
    if (record.keys.deleted) throw new IllegalStateError('KEY.ENDPOINT_DELETED', `Endpoint ${endpointId} was deleted; its secrets were destroyed`, { field: 'endpoint_id' });
    const now = this.clock.now();
    const previous = overlappingPreviousKey(record.keys, now);
    const secrets = validSigningKeysAt(record.keys, now).map((key) => {
      const sealed = materialOf(record, key.keyId).secret;
      if (sealed === null) throw new IllegalStateError('KEY.MATERIAL_MISSING', `Signing secret ${key.keyId} of endpoint ${endpointId} has no stored material`);
      return { keyId: key.keyId, secret: decryptSecret(sealed, record.dataKey, this.keyring), expiresAt: previous?.keyId === key.keyId ? previous.expiresAt : null };
    });
    for (const s of secrets) this.lastUse.record(record.endpointId, s.keyId, now);
    return secrets;
  }
}
