import { createHash } from 'node:crypto';
import { generateKey, type KeyEnvironment, type PasswordHasher, type RandomSource } from '@bakuun/key-domain';
import { Argon2idPasswordHasher } from '../keys/adapters/argon2id-password-hasher';
import { nodeRandomSource } from '../keys/adapters/node-random-source';
import type { Clock } from '../keys/ports/clock.port';
import type { KeyRollRecorder, KeyRollToRecord } from '../keys/ports/key-roll-recorder.port';

/** The system clock moved by an offset a test controls (key management's side only; the registry keeps real time). */
export class ShiftedClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * The real random source, remembering every 32-byte draw (key bodies and data keys), so a test
 * can rebuild keys the service minted but never returned (a roll left pending) and prove they
 * are refused. Fingerprints only are kept for assertions; the bytes themselves for rebuilding.
 */
export class RecordingRandomSource implements RandomSource {
  private readonly draws: Buffer[] = [];

  bytes(n: number): Uint8Array {
    const bytes = Buffer.from(nodeRandomSource.bytes(n));
    if (n === 32) this.draws.push(Buffer.from(bytes));
    return bytes;
  }

  /** Every API key the service could have minted since `from` (an index into the draws). */
  apiKeysSince(from: number, environment: KeyEnvironment = 'test'): string[] {
    return this.draws.slice(from).map((draw) => generateKey('API_KEY', environment, { bytes: () => Buffer.from(draw) }));
  }

  get drawCount(): number {
    return this.draws.length;
  }

  fingerprint(index: number): string {
    return createHash('sha256').update(this.draws[index]!).digest('hex').slice(0, 8);
  }
}

export type RecorderBehaviour = 'pass' | 'fail-before-call' | 'lose-answer';

/**
 * Wraps the real registry recorder to stage failures: `fail-before-call` is a process dying
 * right after storing the pending key; `lose-answer` is the registry recording the roll but the
 * answer never arriving (a crash or timeout after the registry's append). `delayMs` widens race windows.
 */
export class StagedRecorder implements KeyRollRecorder {
  behaviour: RecorderBehaviour = 'pass';
  delayMs = 0;
  readonly calls: KeyRollToRecord[] = [];

  constructor(private readonly real: KeyRollRecorder) {}

  async recordKeyRolled(roll: KeyRollToRecord): Promise<void> {
    this.calls.push(roll);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.behaviour === 'fail-before-call') throw new Error('simulated crash before RecordKeyRolled');
    await this.real.recordKeyRolled(roll);
    if (this.behaviour === 'lose-answer') throw new Error('simulated loss of the RecordKeyRolled answer');
  }
}

/** The argon2id hasher, counting its computations (hash or verify): every confirmation path must run exactly one. */
export class CountingPasswordHasher implements PasswordHasher {
  computations = 0;
  private readonly inner = new Argon2idPasswordHasher();

  hash(password: string): Promise<string> {
    this.computations++;
    return this.inner.hash(password);
  }

  verify(passwordHash: string, password: string): Promise<boolean> {
    this.computations++;
    return this.inner.verify(passwordHash, password);
  }
}
