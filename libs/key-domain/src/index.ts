export { apiKeyMatchesDigest, digestApiKey, digestsEqual, isApiKeyDigest, type ApiKeyDigest } from './api-key-digest';
export { type SealedBox } from './aes-gcm';
export {
  isKeyValidAt,
  issue,
  overlappingPreviousKey,
  recordUse,
  roll,
  shred,
  validKeysAt,
  validSigningKeysAt,
  type EndpointKeys,
  type IssueKey,
  type KeyRecord,
  type PreviousKey,
  type RollKey,
} from './endpoint-keys';
export {
  createDataKey,
  decryptSecret,
  encryptSecret,
  rewrap,
  type EncryptedSecret,
  type SecretToEncrypt,
  type WrappedDataKey,
} from './envelope-encryption';
export {
  expiryFor,
  isKeyExpiryCode,
  KEY_EXPIRY_CHOICES,
  KEY_EXPIRY_CODES,
  parseKeyExpiryCode,
  type KeyExpiryChoice,
  type KeyExpiryCode,
} from './key-expiry-choices';
export {
  generateKey,
  isMaskedKey,
  isWellFormedKey,
  KEY_ENVIRONMENTS,
  KEY_KINDS,
  KEY_PREFIXES,
  KEY_RANDOM_BYTES,
  keyPrefixFor,
  maskKey,
  parseKeyPrefix,
  signingKeyBytes,
  type KeyEnvironment,
  type KeyKind,
  type KeyPrefix,
} from './key-format';
export { generateKeyId, isKeyId, KEY_ID_PREFIX, parseKeyId, type KeyId } from './key-id';
export { createMasterKeyring, masterKeyFor, type MasterKeyring } from './master-keyring';
export {
  isLockedOut,
  LOCKOUT_DURATION_MS,
  MAX_FAILED_ATTEMPTS,
  NO_FAILURES,
  registerFailure,
  registerSuccess,
  type LockoutState,
} from './operator-lockout';
export {
  ARGON2ID_PARAMETERS,
  checkPasswordPolicy,
  confirmOperatorPassword,
  CREDENTIALS_REJECTED,
  credentialsRejected,
  hashNewPassword,
  normalizePassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type OperatorAccount,
  type PasswordConfirmation,
  type PasswordHasher,
} from './operator-password';
export { drawBytes, type RandomSource } from './random-source';
