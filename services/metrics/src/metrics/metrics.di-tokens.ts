export const METRICS_CONFIG = Symbol('METRICS_CONFIG');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
export const KAFKA = Symbol('KAFKA');
export const CLOCK = Symbol('CLOCK');
export const ATTEMPT_DECODER = Symbol('ATTEMPT_DECODER');
export const ENDPOINT_SUSPENDER = Symbol('ENDPOINT_SUSPENDER');
export const HEALTH_PUBLISHER = Symbol('HEALTH_PUBLISHER');
export const POLICY_SETTINGS = Symbol('POLICY_SETTINGS');
