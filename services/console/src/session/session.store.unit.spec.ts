import { randomBytes } from 'node:crypto';
import { SessionStore, type SessionStoreOptions } from './session.store';

const MINUTE = 60_000;
const operator = { partnerId: 'p_alpha', operatorId: 'ana@alpha' };

function store(overrides: Partial<SessionStoreOptions> = {}) {
  let now = Date.parse('2026-12-03T10:00:00Z');
  const sessions = new SessionStore({ idleMs: 30 * MINUTE, anonymousIdleMs: 15 * MINUTE, maxAgeMs: 12 * 60 * MINUTE, maxSessions: 100, now: () => now, randomBytes, ...overrides });
  return { sessions, advance: (ms: number) => (now += ms) };
}

describe('SessionStore', () => {
  it('finds a session by its cookie value, with a fresh id and CSRF token for every session', () => {
    const { sessions } = store();
    const a = sessions.create(operator);
    const b = sessions.create(operator);
    expect(a.id).not.toBe(b.id);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessions.get(a.id)?.operator).toEqual(operator);
    expect(sessions.get('unknown')).toBeNull();
    expect(sessions.get(undefined)).toBeNull();
  });

  it('ends a signed-in session after the idle timeout, and activity keeps it alive', () => {
    const { sessions, advance } = store();
    const { id } = sessions.create(operator);
    advance(29 * MINUTE);
    expect(sessions.get(id)).not.toBeNull();
    advance(29 * MINUTE);
    expect(sessions.get(id)).not.toBeNull();
    advance(30 * MINUTE);
    expect(sessions.get(id)).toBeNull();
    expect(sessions.size).toBe(0);
  });

  it('ends any session at its maximum age, however active', () => {
    const { sessions, advance } = store({ maxAgeMs: 60 * MINUTE });
    const { id, session } = sessions.create(operator);
    for (let i = 0; i < 5; i++) {
      advance(10 * MINUTE);
      expect(sessions.get(id)).not.toBeNull();
    }
    expect(sessions.remainingSeconds(session)).toBe(600);
    advance(10 * MINUTE);
    expect(sessions.get(id)).toBeNull();
  });

  it('ends anonymous sessions sooner than signed-in ones', () => {
    const { sessions, advance } = store();
    const anonymous = sessions.create(null);
    const signedIn = sessions.create(operator);
    advance(16 * MINUTE);
    expect(sessions.get(anonymous.id)).toBeNull();
    expect(sessions.get(signedIn.id)).not.toBeNull();
  });

  it('forgets a destroyed session', () => {
    const { sessions } = store();
    const { id } = sessions.create(operator);
    sessions.destroy(id);
    expect(sessions.get(id)).toBeNull();
  });

  it('when full, evicts the least recently seen anonymous session and never a signed-in one', () => {
    const { sessions, advance } = store({ maxSessions: 3 });
    const signedIn = sessions.create(operator);
    const older = sessions.create(null);
    advance(1000);
    const newer = sessions.create(null);
    sessions.create(null);
    expect(sessions.get(older.id)).toBeNull();
    expect(sessions.get(newer.id)).not.toBeNull();
    expect(sessions.get(signedIn.id)).not.toBeNull();
  });

  it('refuses a new session when every slot holds a signed-in one', () => {
    const { sessions } = store({ maxSessions: 2 });
    sessions.create(operator);
    sessions.create(operator);
    expect(() => sessions.create(null)).toThrow(expect.objectContaining({ code: 'CONSOLE.SESSIONS_FULL', category: 'UNAVAILABLE' }));
  });

  it('sweeps expired sessions to free memory', () => {
    const { sessions, advance } = store();
    sessions.create(null);
    sessions.create(operator);
    advance(31 * MINUTE);
    sessions.sweep();
    expect(sessions.size).toBe(0);
  });
});
