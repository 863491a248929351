import { createHash } from 'node:crypto';
import { UnavailableError } from '@bakuun/errors';

/** The operator a session was signed in as; every platform call of the session is scoped to `partnerId`. */
export interface SignedInOperator {
  readonly partnerId: string;
  readonly operatorId: string;
}

export interface Session {
  /** Sent by the page in `X-CSRF-Token` on every state-changing request. */
  readonly csrfToken: string;
  /** Null for the anonymous session a visitor gets before signing in (it carries the sign-in's CSRF token). */
  readonly operator: SignedInOperator | null;
  readonly createdAt: number;
  readonly lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** A signed-in session ends after this long without a request. */
  idleMs: number;
  /** An anonymous session ends after this long without a request. @defaultValue 15 minutes */
  anonymousIdleMs?: number;
  /** Any session ends this long after it was created, however active. */
  maxAgeMs: number;
  maxSessions: number;
  now: () => number;
  randomBytes: (size: number) => Buffer;
}

const ID_BYTES = 32;

/**
 * Server-side sessions in memory, looked up by a digest of the cookie value (the map never
 * holds a usable cookie). Anonymous sessions are evicted before signed-in ones, so a flood of
 * visitors cannot sign anybody out. One process only: several console replicas need a shared
 * store behind the same interface.
 */
export class SessionStore {
  private readonly anonymous = new Map<string, Session>();
  private readonly signedIn = new Map<string, Session>();
  private readonly anonymousIdleMs: number;

  constructor(private readonly options: SessionStoreOptions) {
    this.anonymousIdleMs = options.anonymousIdleMs ?? 15 * 60_000;
  }

  get size(): number {
    return this.anonymous.size + this.signedIn.size;
  }

  /** A new session with a fresh id and CSRF token; sign-in always creates one (no session fixation). */
  create(operator: SignedInOperator | null): { id: string; session: Session } {
    this.makeRoom(operator !== null);
    const id = this.options.randomBytes(ID_BYTES).toString('base64url');
    const now = this.options.now();
    const session: Session = { csrfToken: this.options.randomBytes(ID_BYTES).toString('base64url'), operator, createdAt: now, lastSeenAt: now };
    (operator ? this.signedIn : this.anonymous).set(digest(id), session);
    return { id, session };
  }

  /** The live session of a cookie value, marked as seen now; null when unknown or expired (and then forgotten). */
  get(id: string | undefined): Session | null {
    if (!id) return null;
    const key = digest(id);
    const map = this.signedIn.has(key) ? this.signedIn : this.anonymous;
    const session = map.get(key);
    if (!session) return null;
    const now = this.options.now();
    if (this.expired(session, now)) {
      map.delete(key);
      return null;
    }
    const seen = { ...session, lastSeenAt: now };
    // Re-inserted so each map stays ordered from least to most recently seen.
    map.delete(key);
    map.set(key, seen);
    return seen;
  }

  destroy(id: string | undefined): void {
    if (!id) return;
    const key = digest(id);
    this.signedIn.delete(key);
    this.anonymous.delete(key);
  }

  /** Seconds until the session ends at the latest, for the cookie's Max-Age. */
  remainingSeconds(session: Session): number {
    return Math.max(0, Math.floor((session.createdAt + this.options.maxAgeMs - this.options.now()) / 1000));
  }

  /** Forgets every expired session; called on a timer and when the store is full. */
  sweep(): void {
    const now = this.options.now();
    for (const map of [this.anonymous, this.signedIn]) {
      for (const [key, session] of map) if (this.expired(session, now)) map.delete(key);
    }
  }

  private expired(session: Session, now: number): boolean {
    const idle = session.operator ? this.options.idleMs : this.anonymousIdleMs;
    return now - session.lastSeenAt >= idle || now - session.createdAt >= this.options.maxAgeMs;
  }

  private makeRoom(forSignedIn: boolean): void {
    if (this.size < this.options.maxSessions) return;
    this.sweep();
    if (this.size < this.options.maxSessions) return;
    const oldestAnonymous = this.anonymous.keys().next();
    if (!oldestAnonymous.done) {
      this.anonymous.delete(oldestAnonymous.value);
      return;
    }
    throw new UnavailableError('CONSOLE.SESSIONS_FULL', forSignedIn ? 'Too many operators are signed in right now. Try again later.' : 'The console is busy right now. Try again later.');
  }
}

function digest(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('base64url');
}
