import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RegistrationInput } from '../../src-preload/contract';
import type { ListenerRoute } from '../listener/listener-server';
import { parseMediaType } from '../listener/media-type';
import { createRefusalSummary } from '../listener/refusal-summary';
import type { CredentialStore } from '../secrets/credential-store';
import type { IntegrationLog } from '../engine/integration-log';
import { AppErrorException } from '../errors/app-error';
import type { RegistrationService } from './registration-service';

export const PLATFORM_KEY_ACCOUNT = 'platform:api-key';

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function json(status: number, body: object) {
  return { status, body: JSON.stringify(body) };
}

/** The platform API key: generated here, shown once, kept only in the keychain (cached in memory after one read). */
export function createPlatformKey(credentials: CredentialStore) {
  let cached: string | null | undefined;
  return {
    async current(): Promise<string | null> {
      if (cached === undefined) cached = await credentials.get(PLATFORM_KEY_ACCOUNT);
      return cached;
    },
    async rotate(): Promise<string> {
      const key = `sdk_${randomBytes(24).toString('base64url')}`;
      await credentials.set(PLATFORM_KEY_ACCOUNT, key);
      cached = key;
      return key;
    },
    async matches(given: string | undefined): Promise<boolean> {
      const key = await this.current().catch(() => null);
      if (!key || !given) return false;
      return timingSafeEqual(digest(key), digest(given));
    },
  };
}

export type PlatformKey = ReturnType<typeof createPlatformKey>;

/**
 * The platform API key in front of a route: checked before the body is read (a caller without the key gets its 401 at
 * once and holds no socket), refusals counted into one summary line a minute at most, as the CRM Agent's are.
 */
export function platformKeyGate(deps: { key: PlatformKey; log: IntegrationLog; now?: () => number }, action: string): Pick<ListenerRoute, 'authorize' | 'unauthorized' | 'close'> {
  const refused = createRefusalSummary({ log: deps.log, connectorId: 'platform', action, label: 'Platform API', reason: 'a missing or wrong API key', now: deps.now ?? Date.now });
  return {
    close: () => refused.flush(),
    async authorize(req) {
      const header = req.headers['x-api-key'];
      const given = (Array.isArray(header) ? header[0] : header) ?? (req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : undefined);
      const ok = await deps.key.matches(given);
      if (!ok) refused.count();
      return ok;
    },
    unauthorized: json(401, { error: 'missing or wrong API key' }),
  };
}

/** A JSON body, or the answer that refuses it (415 for another media type, 400 for JSON that does not parse). */
export function jsonBodyOf(req: { headers: Record<string, string | string[] | undefined>; body: string }): { ok: true; body: unknown } | { ok: false; answer: { status: number; body: string } } {
  // JSON defines no charset parameter (RFC 8259 §11): the body is read as UTF-8 whatever parameters come.
  const type = req.headers['content-type'];
  if (parseMediaType(Array.isArray(type) ? type[0] : type)?.essence !== 'application/json') return { ok: false, answer: json(415, { error: 'send application/json' }) };
  try {
    return { ok: true, body: JSON.parse(req.body) };
  } catch (err) {
    return { ok: false, answer: json(400, { error: `the body is not valid JSON: ${(err as Error).message}` }) };
  }
}

/** POST /platform/registrations: how a storefront hands registrations to the console, with the same rules as the form. */
export function platformRoutes(deps: { key: PlatformKey; registration: RegistrationService; log: IntegrationLog; now?: () => number }): ListenerRoute[] {
  return [
    {
      method: 'POST',
      path: '/platform/registrations',
      maxBytes: 64 * 1024,
      ...platformKeyGate(deps, 'register'),
      async handle(req) {
        const read = jsonBodyOf(req);
        if (!read.ok) return read.answer;
        const parsed = RegistrationInput.safeParse(read.body);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
          await deps.log.write({ connectorId: 'platform', action: 'register', outcome: 'validation_failure', message: `storefront registration refused: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` });
          return json(400, { error: 'invalid registration', issues });
        }
        try {
          const r = await deps.registration.register(parsed.data, 'storefront', { waitMs: 2_000 });
          return json(r.outcome === 'queued' ? 202 : 201, r);
        } catch (err) {
          if (err instanceof AppErrorException) {
            await deps.log.write({ connectorId: 'platform', action: 'register', outcome: 'validation_failure', message: `storefront registration of ${parsed.data.email} refused: ${err.message}` });
            return json(err.code === 'conflict' ? 409 : 400, { error: err.message, issues: err.issues ?? [] });
          }
          throw err;
        }
      },
    },
  ];
}
