// The only module that knows how Confirm is called: the CRM Connector's ProcessOperations (SOAP) and ConfirmWeb's
// token and centralEnquiries upload. Element names live here, in soap.ts and in enquiry-fields.ts.
import { httpRequest, type HttpResponse } from '../../engine/http-client';
import { RemoteError, classifyError } from '../../engine/remote-error';
import { createTokenCache, tokenKey, type FetchedToken } from '../../engine/token-cache';
import type { ConfirmSettings } from './settings';
import { MAX_RESPONSE_BYTES, SOAP_ACTION, isLoggedDateOrderFault, processOperationsRequest, readOperationResponses, soapClientFault } from './soap';
import { el, escapeXml, type XmlElement } from './xml';
import {
  ATTRIBUTE_TEXT_MAX,
  CUSTOMER_FIELDS,
  DOCUMENT_TEXT_MAX,
  ENQUIRY_FIELDS,
  UPDATE_FIELDS,
  limit,
  presentFields,
  type CustomerFieldName,
  type EnquiryFieldName,
  type Truncation,
  type UpdateFieldName,
} from './enquiry-fields';
import {
  answerOf,
  customerLookupsOf,
  enquiryLookupsOf,
  enquiryOf,
  newEnquiryNumberOf,
  statusChangesOf,
  updateResultOf,
  type CustomerLookups,
  type EnquiryLookups,
  type EnquiryRecord,
  type StatusChange,
} from './parse';
import { sharedLookupsCache, type LookupsCache } from './lookups-cache';
import { toConfirmTime } from './logged-time';
import { enquiryUpdateOperation, newEnquiryOperation } from './operations';
import { grouped } from '../../engine/count-words';

export type { Truncation } from './enquiry-fields';

/** Public clients batch GetEnquiry by ten: Confirm gives up on a request after about 300 s. */
export const GET_ENQUIRY_BATCH = 10;

export interface EnquiryAttributeInput {
  typeCode: string;
  /** Exactly one kind of value: free text, a pick-list value code, or a date (instant in ms or text already in Confirm's form). */
  value: { text: string } | { valueCode: string } | { date: number | string };
}

export interface EnquiryDocumentInput {
  notes: string;
  /** A link Confirm shows (e.g. to download the file from SyncDesk). */
  location: string;
}

export interface NewEnquiryInput {
  fields: Partial<Record<EnquiryFieldName, string | number | null>>;
  customer?: Partial<Record<CustomerFieldName, string | null>>;
  attributes?: EnquiryAttributeInput[];
  documents?: EnquiryDocumentInput[];
  /** The instant the rule fired; sent as LoggedTime in Confirm's zone. Leave out to let Confirm use its own time. */
  loggedAt?: number | null;
  /** Sent as an Idempotency-Key header (Confirm ignores it; the sandbox counts effects by it). */
  idempotencyKey?: string;
}

export interface EnquiryUpdateInput {
  enquiryNumber: string;
  fields: Partial<Record<UpdateFieldName, string | null>>;
  attributes?: EnquiryAttributeInput[];
  documents?: EnquiryDocumentInput[];
  loggedAt?: number | null;
  idempotencyKey?: string;
}

export interface EnquiryUpdateResult {
  enquiryNumber: string;
  enquiryLogNumber: string;
  truncated: Truncation[];
  /** True when Confirm refused the LoggedTime (fault 1002) and the update went again without it and the status. */
  resubmittedWithoutLoggedTime: boolean;
  /** Confirm's reason for that refusal, for the log. */
  loggedTimeFault: string | null;
}

export interface DocumentUpload {
  enquiryNumber: string;
  documentName: string;
  documentNotes: string;
  data: Buffer;
}

// ConfirmWeb tokens live as long as Confirm says; shared by every client of the same credentials. (The SOAP calls
// carry the credentials in each request: no session to keep.)
const webTokens = createTokenCache();

export function forgetConfirmTokens(): void {
  webTokens.clear();
}

export interface ConfirmClientOptions {
  signal?: AbortSignal;
  now?: () => number;
  lookupsCache?: LookupsCache;
}

export function createConfirmClient(s: ConfirmSettings, opts: ConfirmClientOptions = {}) {
  const now = opts.now ?? Date.now;
  const cache = opts.lookupsCache ?? sharedLookupsCache;
  const host = new URL(s.endpoint).host;
  const auth = { username: s.username, password: s.password, databaseId: s.tenantId };
  const credentialsKey = tokenKey('confirm-web', s.endpoint, s.tenantId, s.username, s.password, s.confirmWebBaseUrl ?? '');
  // Lookups are per tenant and user (what a user may see), never per password.
  const lookupsKey = [s.endpoint, s.tenantId, s.username].join('\0');
  const hide = (text: string) => redactPassword(text, s.password);

  /** Sends operations in one ProcessOperationsRequest; the answer's OperationResponses in order, or a RemoteError. */
  async function process(what: string, operations: XmlElement[], idempotencyKey?: string) {
    let res: HttpResponse;
    try {
      res = await httpRequest({
        url: s.endpoint,
        method: 'POST',
        headers: {
          'content-type': 'text/xml; charset=utf-8',
          accept: 'text/xml',
          soapaction: `"${SOAP_ACTION}"`,
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: processOperationsRequest(auth, operations),
        timeoutMs: s.timeoutMs,
        maxBytes: MAX_RESPONSE_BYTES,
        signal: opts.signal,
      });
    } catch (thrown) {
      const err = classifyError(thrown);
      const status = err.extra.status;
      const clientFault = status === 500 ? soapClientFault(err.extra.details ?? '') : null;
      if (clientFault !== null)
        throw new RemoteError('validation', `${what}: Confirm refused the request as malformed ("${hide(clientFault)}")`, { status, code: 'SOAP_CLIENT_FAULT', details: hide(err.extra.details ?? '') });
      const said = status ? `Confirm answered HTTP ${status}` : err.message;
      throw new RemoteError(err.kind, `${what}: ${said} (Confirm at ${host})`, { ...err.extra, details: err.extra.details ? hide(err.extra.details) : undefined });
    }
    return { ops: readOperationResponses(res.text, what, hide(res.excerpt)), details: hide(res.excerpt) };
  }

  /** Cached until shortly before it expires (on this client's clock); 'renew' signs in again. */
  function webToken(mode: 'cached' | 'renew'): Promise<string> {
    return webTokens.get(credentialsKey, requestWebToken, { fresh: mode === 'renew', now });
  }

  function webUrl(path: string): string {
    if (!s.confirmWebBaseUrl) throw new RemoteError('validation', 'ConfirmWeb is not configured: set the ConfirmWeb base url to upload files');
    return `${s.confirmWebBaseUrl}${encodeURIComponent(s.tenantId)}/${path}`;
  }

  async function requestWebToken(): Promise<FetchedToken<string>> {
    const url = webUrl('oauth/token');
    let res: HttpResponse;
    try {
      res = await httpRequest({
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          authorization: `Basic ${Buffer.from(`${s.username}:${s.password}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        timeoutMs: s.timeoutMs,
        signal: opts.signal,
      });
    } catch (thrown) {
      const err = classifyError(thrown);
      const status = err.extra.status;
      if (status === 400 || status === 401 || status === 403)
        throw new RemoteError('auth', `ConfirmWeb refused the sign-in (HTTP ${status}): check the username, password and Tenant ID`, { status, details: err.extra.details });
      throw new RemoteError(err.kind, `ConfirmWeb sign-in: ${status ? `HTTP ${status}` : err.message} (${new URL(url).host})`, err.extra);
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(res.text) as typeof body;
    } catch {
      throw new RemoteError('validation', 'ConfirmWeb sign-in: the answer is not JSON', { details: res.excerpt });
    }
    if (typeof body.access_token !== 'string' || body.access_token === '')
      throw new RemoteError('validation', 'ConfirmWeb sign-in: the answer has no access_token', { details: res.excerpt });
    const expiresIn = Number(body.expires_in);
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 300_000;
    // ConfirmWeb hands the token base64-encoded; the AccessToken header carries it decoded (as public clients do).
    return { value: Buffer.from(body.access_token, 'base64').toString('utf8'), lifetimeMs };
  }

  return {
    host,

    async getEnquiryLookups(options: { fresh?: boolean } = {}): Promise<EnquiryLookups> {
      const load = async () => {
        const { ops } = await process('Get enquiry lookups', [el('GetEnquiryLookups')]);
        return enquiryLookupsOf(answerOf(ops[0]!, 'GetEnquiryLookupsResponse', 'Get enquiry lookups'));
      };
      return cache.get(`enquiry\0${lookupsKey}`, s.cacheLookupsSeconds, load, { fresh: options.fresh });
    },

    async getCustomerLookups(options: { fresh?: boolean } = {}): Promise<CustomerLookups> {
      const load = async () => {
        const { ops } = await process('Get customer lookups', [el('GetCustomerLookups')]);
        return customerLookupsOf(answerOf(ops[0]!, 'GetCustomerLookupsResponse', 'Get customer lookups'));
      };
      return cache.get(`customer\0${lookupsKey}`, s.cacheLookupsSeconds, load, { fresh: options.fresh });
    },

    async newEnquiry(input: NewEnquiryInput): Promise<{ enquiryNumber: string; truncated: Truncation[] }> {
      const what = 'New enquiry';
      const truncated: Truncation[] = [];
      const op = newEnquiryOperation(input, s.timezone, truncated);
      const { ops } = await process(what, [op], input.idempotencyKey);
      return { enquiryNumber: newEnquiryNumberOf(answerOf(ops[0]!, 'NewEnquiryResponse', what), what), truncated };
    },

    /**
     * Updates an Enquiry. When Confirm refuses the LoggedTime as older than the current status log (fault 1002), the
     * update is sent once more without LoggedTime and status code, as public clients do, so the notes still land
     * without moving the status back in time.
     */
    async enquiryUpdate(input: EnquiryUpdateInput): Promise<EnquiryUpdateResult> {
      const what = `Update enquiry ${input.enquiryNumber}`;
      let truncated: Truncation[] = [];
      try {
        const { ops } = await process(what, [enquiryUpdateOperation(input, s.timezone, true, truncated)], input.idempotencyKey);
        return { ...updateResultOf(answerOf(ops[0]!, 'EnquiryUpdateResponse', what), what), truncated, resubmittedWithoutLoggedTime: false, loggedTimeFault: null };
      } catch (err) {
        if (!isLoggedDateOrderFault(err)) throw err;
        truncated = [];
        const retryKey = input.idempotencyKey ? `${input.idempotencyKey}:without-logged-time` : undefined;
        const { ops } = await process(`${what} (again without Logged Time)`, [enquiryUpdateOperation(input, s.timezone, false, truncated)], retryKey);
        return {
          ...updateResultOf(answerOf(ops[0]!, 'EnquiryUpdateResponse', what), what),
          truncated,
          resubmittedWithoutLoggedTime: true,
          loggedTimeFault: (err as Error).message,
        };
      }
    },

    /** Reads enquiries, ten per request; the answer keeps the order asked. */
    async getEnquiries(numbers: string[]): Promise<EnquiryRecord[]> {
      const out: EnquiryRecord[] = [];
      for (let i = 0; i < numbers.length; i += GET_ENQUIRY_BATCH) {
        const batch = numbers.slice(i, i + GET_ENQUIRY_BATCH);
        const what = `Get enquir${batch.length === 1 ? 'y' : 'ies'} ${batch.join(', ')}`;
        const { ops } = await process(what, batch.map((n) => el('GetEnquiry', [el('EnquiryNumber', n)])));
        if (ops.length !== batch.length) throw new RemoteError('validation', `${what}: Confirm answered ${ops.length} of ${batch.length} enquiries`, { code: 'INVALID_RESULT' });
        for (const op of ops) out.push(enquiryOf(answerOf(op, 'GetEnquiryResponse', what), what));
      }
      return out;
    },

    /** Status logs recorded between two instants (sent as wall times in Confirm's zone, which ignores zone hints). */
    async getEnquiryStatusChanges(from: number, to: number): Promise<StatusChange[]> {
      const what = 'Get enquiry status changes';
      const { ops } = await process(what, [
        el('GetEnquiryStatusChanges', [el('LoggedTimeFrom', toConfirmTime(from, s.timezone)), el('LoggedTimeTo', toConfirmTime(to, s.timezone))]),
      ]);
      return statusChangesOf(answerOf(ops[0]!, 'GetEnquiryStatusChangesResponse', what));
    },

    /** Uploads a file to an existing Enquiry through ConfirmWeb. A 401 renews the token once. */
    async uploadDocument(doc: DocumentUpload): Promise<void> {
      const url = webUrl('centralEnquiries');
      const enquiryNumber = /^[1-9]\d{0,14}$/.test(doc.enquiryNumber) ? Number(doc.enquiryNumber) : doc.enquiryNumber;
      const body = JSON.stringify({
        enquiryNumber,
        centralDocLinks: [{ documentName: doc.documentName, documentNotes: doc.documentNotes, blobData: doc.data.toString('base64') }],
      });
      const what = `Upload ${doc.documentName} to enquiry ${doc.enquiryNumber}`;
      const send = async (token: string) =>
        httpRequest({
          url,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', accesstoken: token },
          body,
          timeoutMs: s.timeoutMs,
          signal: opts.signal,
        });
      const failure = (thrown: unknown) => {
        const err = classifyError(thrown);
        // The request body is the whole file: the details keep the status and ConfirmWeb's answer only.
        const details = err.extra.details?.replace(/\n> [\s\S]*?(?=\n< |$)/, '\n> (file omitted)');
        return new RemoteError(err.kind, `${what}: ${err.extra.status ? `ConfirmWeb answered HTTP ${err.extra.status}` : err.message}`, { ...err.extra, details });
      };
      const token = await webToken('cached');
      try {
        await send(token);
      } catch (thrown) {
        if (!(thrown instanceof RemoteError && thrown.extra.status === 401)) throw failure(thrown);
        // Unless another upload has renewed it meanwhile, the refused token is replaced.
        webTokens.invalidate(credentialsKey, token);
        const renewed = await webToken('cached');
        await send(renewed).catch((again: unknown) => {
          throw failure(again);
        });
      }
    },

    /** A cheap authenticated call (customer lookups, uncached), plus a ConfirmWeb sign-in when that is configured. */
    async testConnection(): Promise<string> {
      let lookups: CustomerLookups;
      try {
        lookups = await this.getCustomerLookups({ fresh: true });
      } catch (err) {
        // Staff test a connection, not an operation: the headline names Confirm; the operation stays in the details.
        if (!(err instanceof RemoteError)) throw err;
        // Confirm's own words (a quoted fault) go to the details too.
        const said = err.message.replace(/^Get customer lookups: /, '').replace(` (Confirm at ${host})`, '').replace(/\s*\("[^"]*"\)/g, '');
        const message = said.startsWith('Confirm ') ? `Confirm at ${host} ${said.slice('Confirm '.length)}` : `Confirm at ${host}: ${said}`;
        throw new RemoteError(err.kind, message, { ...err.extra, details: [err.message, err.extra.details].filter(Boolean).join('\n') });
      }
      let web = '';
      if (s.confirmWebBaseUrl) {
        await webToken('renew');
        web = '; ConfirmWeb signed in';
      }
      return `Connected to Confirm at ${host} (tenant ${s.tenantId}) as ${s.username}: ${grouped(lookups.enquiryMethods.length)} enquiry methods, ${grouped(lookups.customerTypes.length)} customer types, ${grouped(lookups.pointsOfContact.length)} points of contact${web}.`;
    },
  };
}

export type ConfirmClient = ReturnType<typeof createConfirmClient>;

/** For the log: the password never appears, whether raw or as it was escaped in the XML. */
export function redactPassword(text: string, password: string): string {
  if (!password) return text;
  return text.split(escapeXml(password)).join('[redacted]').split(password).join('[redacted]');
}
