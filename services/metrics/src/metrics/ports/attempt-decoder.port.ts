import type { AttemptRecord } from '@bakuun/metrics-domain';

/**
 * Turns a message of the attempts topic into the attempt the metrics service counts. The one
 * place that knows the producer's contract, so a new message shape is a new decoder.
 */
export interface AttemptDecoder {
  /** Null for a message that is not an attempt (or not a valid one). */
  decode(value: Buffer): AttemptRecord | null;
}
