import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ConsoleConfig } from '../config';
import { CONSOLE_CONFIG, SESSION_STORE } from '../console.di-tokens';
import { clearedSessionCookie, readCookie, sessionCookie, sessionCookieName } from './session-cookie';
import type { Session, SessionStore, SignedInOperator } from './session.store';

const RESOLVED = Symbol('consoleSession');

interface ResolvedSession {
  id: string;
  session: Session;
}

/** Sessions as the HTTP layer sees them: from and to the session cookie. */
@Injectable()
export class SessionService {
  private readonly cookieName: string;

  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStore,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {
    this.cookieName = sessionCookieName(config.cookieSecure);
  }

  /** The request's live session, looked up once per request. */
  current(request: Request): ResolvedSession | null {
    const cached = (request as unknown as Record<symbol, ResolvedSession | null | undefined>)[RESOLVED];
    if (cached !== undefined) return cached;
    const id = readCookie(request.header('cookie'), this.cookieName);
    const session = this.store.get(id);
    const resolved = id && session ? { id, session } : null;
    (request as unknown as Record<symbol, ResolvedSession | null>)[RESOLVED] = resolved;
    return resolved;
  }

  operatorOf(request: Request): SignedInOperator | null {
    return this.current(request)?.session.operator ?? null;
  }

  /** A new session (anonymous, or signed in as `operator`) replacing the request's one, with its cookie set. */
  start(request: Request, response: Response, operator: SignedInOperator | null): Session {
    const previous = this.current(request);
    if (previous) this.store.destroy(previous.id);
    const { id, session } = this.store.create(operator);
    response.append('Set-Cookie', sessionCookie(this.cookieName, id, this.config.cookieSecure, this.store.remainingSeconds(session)));
    (request as unknown as Record<symbol, ResolvedSession | null>)[RESOLVED] = { id, session };
    return session;
  }

  end(request: Request, response: Response): void {
    const current = this.current(request);
    if (current) this.store.destroy(current.id);
    (request as unknown as Record<symbol, ResolvedSession | null>)[RESOLVED] = null;
    response.append('Set-Cookie', clearedSessionCookie(this.cookieName, this.config.cookieSecure));
  }
}
