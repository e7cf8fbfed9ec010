// The only module that knows how CERM is called: host, OAuth2 password grant, Bearer calls, paths, query parameters.
import { httpRequest, type HttpResponse } from '../../engine/http-client';
import { RemoteError, classifyError } from '../../engine/remote-error';
import { createTokenCache, tokenKey, type FetchedToken } from '../../engine/token-cache';
import type { CermSettings } from './settings';
import {
  addressesOf,
  customerOf,
  customersOf,
  errorMessageOf,
  itemOf,
  parseJsonText,
  tokenOf,
  type CermAddressRecord,
  type CermCustomerRecord,
} from './parse';

export const TOKEN_PATH = 'oauth/token';
// Assumed (not public): the change feed is keyset-paged on (LastModified, Id); see README.md.
export const CHANGED_SINCE_PARAM = 'changedSince';
export const AFTER_ID_PARAM = 'afterId';
export const CUSTOMER_ID_PARAM = 'customerId';
export const REFERENCE_PARAM = 'externalReference';

/** Where the address feed stands: the last record committed, as CERM sent its change time and id. */
export interface FeedCursor {
  since: string;
  afterId: string;
}

export interface NewCermCustomer {
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  costCode: string | null;
  externalReference: string;
}

export interface RawPage {
  /** The page exactly as CERM sent it. */
  body: Buffer;
  text: string;
  excerpt: string;
  what: string;
}

interface CermToken {
  accessToken: string;
  refreshToken: string | null;
}

// Tokens live as long as CERM says (about an hour): shared by runs and jobs of the same credentials, renewed a minute
// (at most a tenth of their life) before they expire.
const tokens = createTokenCache();

/** The text CERM answered, from an error raised by httpRequest (its details end with "\n< <answer>"). */
function answerOf(err: RemoteError): string {
  const d = err.extra.details ?? '';
  const i = d.indexOf('\n< ');
  return i >= 0 ? d.slice(i + 3) : '';
}

export function createCermClient(s: CermSettings, signal?: AbortSignal) {
  const host = new URL(s.apiUrl).host;
  const key = tokenKey('cerm', s.apiUrl, s.clientId, s.username, s.clientSecret, s.password);

  function urlOf(path: string, query: Record<string, string | number> = {}): string {
    const u = new URL(path, s.apiUrl);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** A RemoteError that says which call failed and what CERM said, in words staff can act on. */
  function clarify(thrown: unknown, what: string): RemoteError {
    const err = classifyError(thrown);
    const status = err.extra.status;
    if (status === undefined) return new RemoteError(err.kind, `${what}: ${err.message} (CERM at ${host})`, err.extra);
    const said = errorMessageOf(answerOf(err));
    const text = `${what}: CERM answered HTTP ${status}${said ? ` "${said}"` : ''}`;
    return new RemoteError(err.kind, status === 401 || status === 403 ? `${text}; the user may lack the rights for this call` : text, err.extra);
  }

  async function requestToken(form: Record<string, string>): Promise<FetchedToken<CermToken>> {
    const url = urlOf(TOKEN_PATH);
    let res: HttpResponse;
    try {
      res = await httpRequest({
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ ...form, client_id: s.clientId, client_secret: s.clientSecret }).toString(),
        timeoutMs: s.timeoutMs,
        signal,
      });
    } catch (thrown) {
      const err = classifyError(thrown);
      // The request body carries the password and client secret: the details keep only the answer.
      const details = `POST /${TOKEN_PATH} -> ${err.extra.status ?? err.extra.code ?? 'no answer'}\n< ${answerOf(err).slice(0, 1000)}`;
      const status = err.extra.status;
      if (status === 400 || status === 401 || status === 403) {
        const said = errorMessageOf(answerOf(err));
        throw new RemoteError('auth', `CERM refused the sign-in (HTTP ${status}${said ? ` "${said}"` : ''}): check the client id, client secret, username and password`, {
          status,
          details,
        });
      }
      throw new RemoteError(err.kind, `CERM sign-in: ${status ? `CERM answered HTTP ${status}` : err.message} (CERM at ${host})`, { ...err.extra, details });
    }
    const t = tokenOf(parseJsonText(res.text, 'the token answer'));
    return { value: { accessToken: t.accessToken, refreshToken: t.refreshToken }, lifetimeMs: t.expiresInSec * 1000 };
  }

  async function renew(previous: CermToken | undefined): Promise<FetchedToken<CermToken>> {
    if (previous?.refreshToken) {
      try {
        return await requestToken({ grant_type: 'refresh_token', refresh_token: previous.refreshToken });
      } catch (err) {
        // A refused refresh token (expired, revoked) falls back to signing in again; anything else is the answer.
        if (!(err instanceof RemoteError && err.kind === 'auth')) throw err;
      }
    }
    return requestToken({ grant_type: 'password', username: s.username, password: s.password });
  }

  /**
   * A valid access token: cached, renewed shortly before it expires, one sign-in at a time per credentials.
   * 'sign-in' replaces the cached one without the refresh token, to prove the password itself.
   */
  function token(mode: 'cached' | 'sign-in' = 'cached'): Promise<CermToken> {
    return tokens.get(key, renew, mode === 'sign-in' ? { fresh: true, previous: false } : {});
  }

  /** A Bearer call. A 401 means the token lapsed early (revoked, server restarted): renewed once, then given up. */
  async function call(what: string, method: string, path: string, query: Record<string, string | number>, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<HttpResponse> {
    const send = (tok: string) =>
      httpRequest({
        url: urlOf(path, query),
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${tok}`,
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
        timeoutMs: s.timeoutMs,
        signal,
      });
    const first = await token();
    try {
      return await send(first.accessToken);
    } catch (thrown) {
      if (!(thrown instanceof RemoteError && thrown.extra.status === 401)) throw clarify(thrown, what);
    }
    // Unless another call has renewed it meanwhile, the refused token is renewed (with its refresh token).
    tokens.invalidate(key, first);
    const fresh = await token();
    try {
      return await send(fresh.accessToken);
    } catch (thrown) {
      throw clarify(thrown, what);
    }
  }

  /** `offset` is what was read so far: a server that gives fewer records than asked must not make us skip any. */
  function pageQuery(page: number, pageSize: number, offset = (page - 1) * pageSize): Record<string, number> {
    return { [s.pageParam]: s.pagingScheme === 'page' ? page : offset, [s.pageSizeParam]: pageSize };
  }

  function json(res: HttpResponse, what: string): unknown {
    return parseJsonText(res.text, what, res.excerpt);
  }

  return {
    host,

    /** Signs in afresh (proves the credentials now, not an hour ago). */
    async signIn(): Promise<void> {
      await token('sign-in');
    },

    /** One page of the customer list as CERM sent it (the text is what Download customers saves). */
    async customersPage(page: number, opts: { pageSize?: number; offset?: number } = {}): Promise<RawPage> {
      const what = `CERM customer list page ${page}`;
      const res = await call(what, 'GET', s.customersPath, pageQuery(page, opts.pageSize ?? s.pageSize, opts.offset));
      return { body: res.body, text: res.text, excerpt: res.excerpt, what };
    },

    async findCustomerByReference(reference: string): Promise<CermCustomerRecord[]> {
      const what = `CERM customer lookup by reference ${reference}`;
      const res = await call(what, 'GET', s.customersPath, { [REFERENCE_PARAM]: reference, ...pageQuery(1, 10) });
      // A server that ignores the filter would answer its first page: only exact matches count.
      return customersOf(json(res, what), what).records.filter((c) => c.externalReference === reference);
    },

    async createCustomer(c: NewCermCustomer, idempotencyKey: string): Promise<{ record: CermCustomerRecord; status: number }> {
      const what = 'create the customer in CERM';
      const res = await call(what, 'POST', s.customersPath, {}, {
        headers: { 'idempotency-key': idempotencyKey },
        body: {
          Name: c.name,
          FirstName: c.firstName,
          LastName: c.lastName,
          Email: c.email,
          PhoneNumber: c.phone,
          CostCode: c.costCode,
          ExternalReference: c.externalReference,
        },
      });
      return { record: customerOf(itemOf(json(res, what), what), what), status: res.status };
    },

    async searchCustomers(q: string, limit: number): Promise<CermCustomerRecord[]> {
      const what = 'CERM customer search';
      const res = await call(what, 'GET', s.customersPath, { [s.liveSearchParam]: q, ...pageQuery(1, limit) });
      return customersOf(json(res, what), what).records;
    },

    /** The next page of addresses changed after the cursor, oldest change first; null cursor: from the beginning. */
    async addressesChanged(cursor: FeedCursor | null, pageSize = s.pageSize): Promise<{ records: CermAddressRecord[]; total: number | null }> {
      const what = `CERM changed addresses after ${cursor ? `${cursor.since} #${cursor.afterId}` : 'the beginning'}`;
      const query: Record<string, string | number> = { [s.pageSizeParam]: pageSize };
      if (cursor) {
        query[CHANGED_SINCE_PARAM] = cursor.since;
        query[AFTER_ID_PARAM] = cursor.afterId;
      }
      const res = await call(what, 'GET', s.addressesChangedPath, query);
      return addressesOf(json(res, what), what);
    },

    /** Every address of one CERM customer (a customer linked since the last run). */
    async addressesOfCustomer(cermId: string): Promise<CermAddressRecord[]> {
      const out: CermAddressRecord[] = [];
      for (let page = 1; ; page++) {
        const what = `CERM addresses of customer ${cermId}, page ${page}`;
        const res = await call(what, 'GET', s.addressesChangedPath, { [CUSTOMER_ID_PARAM]: cermId, ...pageQuery(page, s.pageSize, out.length) });
        const { records, total } = addressesOf(json(res, what), what);
        out.push(...records);
        if (isLastPage(records.length, s.pageSize, out.length, total)) return out;
      }
    },
  };
}

export type CermClient = ReturnType<typeof createCermClient>;

/**
 * Whether a page ends a list. With TotalCount, the count decides (a server may give fewer records than asked);
 * without it, a short page does.
 */
export function isLastPage(count: number, pageSize: number, readSoFar: number, total: number | null): boolean {
  if (count === 0) return true;
  return total !== null ? readSoFar >= total : count < pageSize;
}

/** A customer list page's records, or an error naming the page and record. */
export function readCustomersPage(raw: RawPage): { records: CermCustomerRecord[]; total: number | null } {
  return customersOf(parseJsonText(raw.text, raw.what, raw.excerpt), raw.what);
}

/** Forgets cached tokens (tests that change credentials or restart the simulator). */
export function forgetCermTokens(): void {
  tokens.clear();
}
