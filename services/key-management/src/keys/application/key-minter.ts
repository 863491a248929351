import {
  digestApiKey,
  encryptSecret,
  generateKey,
  generateKeyId,
  maskKey,
  type KeyEnvironment,
  type KeyId,
  type KeyKind,
  type MasterKeyring,
  type RandomSource,
  type WrappedDataKey,
} from '@bakuun/key-domain';
import { IllegalStateError } from '@bakuun/errors';
import type { KeyMaterial } from './endpoint-key-record';

export interface MintedKey {
  readonly keyId: KeyId;
  readonly maskedKey: string;
  /** Returned to the caller once; never stored, logged or evented. */
  readonly plaintext: string;
  /** What is stored instead: the digest of an API key, or the signing secret sealed under the endpoint's data key. */
  readonly material: KeyMaterial;
}

export interface MintKeyInput {
  readonly endpointId: string;
  readonly kind: KeyKind;
  readonly environment: KeyEnvironment;
  /** Required for signing secrets; API keys need none. */
  readonly dataKey: WrappedDataKey | null;
  readonly now: Date;
}

/** A fresh key and the only forms of it that may be stored. */
export function mintKey(input: MintKeyInput, keyring: MasterKeyring, random: RandomSource): MintedKey {
  const keyId = generateKeyId(input.now, random);
  const plaintext = generateKey(input.kind, input.environment, random);
  const maskedKey = maskKey(plaintext);
  if (input.kind === 'API_KEY') return { keyId, maskedKey, plaintext, material: { digest: digestApiKey(plaintext), secret: null } };
  if (input.dataKey === null) throw new IllegalStateError('KEY.SECRET_SHREDDED', `Endpoint ${input.endpointId} has no data key; no signing secret can be sealed for it`);
  const secret = encryptSecret({ endpointId: input.endpointId, keyId, plaintext }, input.dataKey, keyring, random);
  return { keyId, maskedKey, plaintext, material: { digest: null, secret } };
}
