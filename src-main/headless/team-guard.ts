import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';
import { fail, issueViews, ok, type Result } from '../../src-preload/contract';
import { staffView } from '../staff/staff-accounts';
import type { SignedIn, StaffSessions } from '../staff/staff-sessions';
import type { TeamDispatch } from '../staff/team-dispatch';
import { readBody, send } from './http-io';
import { tokenMatches } from './request-guard';

export const SESSION_COOKIE = 'syncdesk_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface TeamGuardOptions {
  sessions: StaffSessions;
  dispatch: TeamDispatch;
  /** A TLS proxy in front: believe its X-Forwarded-Proto (Secure cookies) and X-Forwarded-For (rate limits). */
  trustProxy: boolean;
  /** Origins the server is reached at besides loopback (a proxy's public name); Host and Origin must be one of these. */
  publicOrigins?: readonly string[];
}

const SignInBody = z.object({ email: z.string().trim().min(1, 'required').max(254), password: z.string().min(1, 'required').max(1024) }).strict();

const firstOf = (h: string | string[] | undefined): string | undefined => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim();

export function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Staff sign-in for a team server: a session cookie, a CSRF token per session, and roles on every channel. */
export function createTeamGuard(opts: TeamGuardOptions) {
  const { sessions, trustProxy } = opts;

  const secure = (req: IncomingMessage): boolean =>
    (req.socket as TLSSocket).encrypted === true || (trustProxy && firstOf(req.headers['x-forwarded-proto'])?.toLowerCase() === 'https');

  const clientAddress = (req: IncomingMessage): string => (trustProxy ? firstOf(req.headers['x-forwarded-for']) : undefined) ?? req.socket.remoteAddress ?? 'unknown';

  function cookie(req: IncomingMessage, token: string, maxAgeSeconds: number): string {
    return `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${secure(req) ? '; Secure' : ''}`;
  }

  const me = (s: SignedIn) => ok({ user: staffView(s.user), csrfToken: s.session.csrfToken });

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, 8 * 1024)) || '{}');
    } catch {
      return send(res, 400, fail('invalid_input', 'Send the email and password as JSON.'));
    }
    const parsed = SignInBody.safeParse(body);
    if (!parsed.success) return send(res, 400, fail('invalid_input', 'Enter your email and password.', issueViews(parsed.error)));
    const answer = await sessions.signIn(parsed.data.email, parsed.data.password, clientAddress(req));
    if (answer.ok) {
      const signedIn = { user: answer.user, session: answer.session };
      return send(res, 200, me(signedIn), { 'set-cookie': cookie(req, answer.token, Math.floor(sessions.idleMs / 1000)) });
    }
    if (answer.reason === 'throttled')
      return send(res, 429, fail('forbidden', `Too many failed sign-ins. Try again in ${answer.retryAfterSeconds} s.`), { 'retry-after': String(answer.retryAfterSeconds) });
    return send(res, 401, fail('forbidden', 'Wrong email or password.'));
  }

  return {
    /** Who the request's session cookie signs in, or null. */
    caller: (req: IncomingMessage): Promise<SignedIn | null> => sessions.resolve(cookieOf(req, SESSION_COOKIE)),

    publicOrigins: opts.publicOrigins ?? [],

    /** Whether a session (by its token's digest) still signs its user in: a live-events socket is closed once it does not. */
    stillSignedIn: (tokenHash: string): Promise<boolean> => sessions.stillSignedIn(tokenHash),

    csrfMatches: (req: IncomingMessage, s: SignedIn): boolean => tokenMatches(s.session.csrfToken, firstOf(req.headers[CSRF_HEADER])),

    dispatch: (s: SignedIn, channel: string, input: unknown): Promise<Result<unknown>> =>
      opts.dispatch({ id: s.user.id, email: s.user.email, role: s.user.role }, channel, input),

    /** /auth/sign-in, /auth/sign-out and /auth/me; the caller has checked Host and, for POST, Origin. */
    async route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
      if (path === '/auth/sign-in' && req.method === 'POST') return await signIn(req, res);
      if (path === '/auth/me' && req.method === 'GET') {
        const s = await sessions.resolve(cookieOf(req, SESSION_COOKIE));
        return s ? send(res, 200, me(s)) : send(res, 401, fail('forbidden', 'Sign in to use the console.'));
      }
      if (path === '/auth/sign-out' && req.method === 'POST') {
        const token = cookieOf(req, SESSION_COOKIE);
        const s = await sessions.resolve(token);
        if (s && !tokenMatches(s.session.csrfToken, firstOf(req.headers[CSRF_HEADER])))
          return send(res, 403, fail('forbidden', 'Refused: the request did not carry this session’s CSRF token.'));
        await sessions.signOut(token);
        return send(res, 200, ok({ signedOut: true }), { 'set-cookie': cookie(req, '', 0) });
      }
      return send(res, 404, fail('not_found', 'Not found.'));
    },
  };
}

export type TeamGuard = ReturnType<typeof createTeamGuard>;
