import { ConcurrencyError } from '@bakuun/errors';
import { rewrap, type MasterKeyring, type RandomSource } from '@bakuun/key-domain';
import type { Clock } from '../../ports/clock.port';
import type { EndpointKeysRepository } from '../../persistence/endpoint-keys.repository';

const BATCH = 100;

/**
 * Master-key rotation: re-wraps every data key still wrapped under a retired master key with the
 * active one (secrets need no re-encryption). Once it reports 0 left, the retired key can leave
 * MASTER_KEYS. Safe to run while the service runs: writes are version-guarded and retried.
 */
export class RewrapDataKeysHandler {
  constructor(
    private readonly records: EndpointKeysRepository,
    private readonly keyring: MasterKeyring,
    private readonly random: RandomSource,
    private readonly clock: Clock,
  ) {}

  /** Returns how many data keys were re-wrapped. */
  async execute(): Promise<number> {
    let rewrapped = 0;
    for (;;) {
      const batch = await this.records.findWrappedUnderOtherMasterKey(this.keyring.activeKeyId, BATCH);
      if (batch.length === 0) return rewrapped;
      for (const record of batch) {
        if (record.dataKey === null) continue;
        try {
          await this.records.replace({ ...record, version: record.version + 1, dataKey: rewrap(record.dataKey, this.keyring, this.random), updatedAt: this.clock.now() });
          rewrapped++;
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) throw error;
        }
      }
    }
  }
}
