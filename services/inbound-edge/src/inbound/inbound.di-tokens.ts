export const INBOUND_CONFIG = Symbol('INBOUND_CONFIG');
export const MONGO_CONNECTION = Symbol('MONGO_CONNECTION');
/** Consumers and admin. */
export const KAFKA = Symbol('KAFKA');
/** The client booking pushes and attempts are produced with (a test points it through a proxy it can cut). */
export const PRODUCER_KAFKA = Symbol('PRODUCER_KAFKA');
export const CLOCK = Symbol('CLOCK');
export const KEY_VALIDATOR = Symbol('KEY_VALIDATOR');

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
