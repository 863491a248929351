import type { DomainError } from '@bakuun/errors';

export interface KeyRollToRecord {
  /** The roll's request id: the registry deduplicates on it, so recording twice is safe. */
  requestId: string;
  partnerId: string;
  endpointId: string;
  newKeyId: string;
  maskedKey: string;
  oldKeyId: string;
  oldKeyExpiresAt: Date;
}

/**
 * Why recording failed. `refused`: the registry answered and did not record the roll (it never
 * will under this request id), so the pending roll can be abandoned. `unknown`: no answer
 * (unreachable, deadline, internal error); the roll may or may not be recorded, so it stays
 * pending and is retried.
 */
export class KeyRollNotRecorded extends Error {
  constructor(
    readonly outcome: 'refused' | 'unknown',
    /** The registry's refusal as a domain error (same category and code), for the caller. */
    readonly refusal: DomainError | null,
    options?: { cause?: unknown },
  ) {
    super(outcome === 'refused' ? `The registry refused the key roll: ${refusal?.message ?? ''}` : 'The registry did not confirm the key roll', options);
    this.name = 'KeyRollNotRecorded';
  }
}

/** The registry's RecordKeyRolled, as key management needs it. Throws {@link KeyRollNotRecorded}. */
export interface KeyRollRecorder {
  recordKeyRolled(roll: KeyRollToRecord): Promise<void>;
}
