export const KEYS_CONFIG = Symbol('KEYS_CONFIG');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const KAFKA = Symbol('KAFKA');
export const CLOCK = Symbol('CLOCK');
export const RANDOM_SOURCE = Symbol('RANDOM_SOURCE');
export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
export const MASTER_KEYRING = Symbol('MASTER_KEYRING');
export const KEY_ROLL_RECORDER = Symbol('KEY_ROLL_RECORDER');
