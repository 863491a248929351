export const EVENT_STORE = Symbol('EVENT_STORE');
export const KEY_ISSUER = Symbol('KEY_ISSUER');
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');
export const CLOCK = Symbol('CLOCK');
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const KAFKA = Symbol('KAFKA');
export const LOGGER = Symbol('LOGGER');
