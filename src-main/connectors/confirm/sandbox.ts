// The Confirm simulator: the CRM Connector's ProcessOperations over SOAP with Confirm's validation answered as
// Confirm answers (Response/Fault/Reason inside an HTTP 200), ConfirmWeb's token and centralEnquiries, status changes
// made "by a Confirm user" from tests, and the CRM Agent's pushes to a configured URL.
import { randomBytes } from 'node:crypto';
import { SandboxServer, type SandboxReply, type SandboxRequest } from '../../sandbox/sandbox-server';
import { BAD_PASSWORD_FAULT, processOperationsResponse, readProcessOperationsRequest, type ParsedRequest } from './soap';
import { buildXml, el, type XmlElement } from './xml';
import { fromConfirmTime, toConfirmTime } from './logged-time';
import { seedEnquiries, seedLookups, type SimLookups } from './sandbox-data';
import { runOperation, type SimEnquiry } from './sandbox-operations';

export type { SimEnquiry, SimStatusLog } from './sandbox-operations';

export const SANDBOX_CREDENTIALS = { username: 'syncdesk', password: 'sandbox-password', tenantId: 'SANDBOX' };

export const SANDBOX_PATHS = {
  connector: '/ConfirmConnector/ConfirmConnector.asmx',
  /** ConfirmWeb base url (the tenant and the call follow it). */
  web: '/confirmweb/',
};

/** Settings that point a connection at a running simulator (sandbox mode). */
export function confirmSandboxConnectionValues(url: string) {
  return {
    values: {
      enabled: true,
      endpoint: `${url}${SANDBOX_PATHS.connector}`,
      username: SANDBOX_CREDENTIALS.username,
      tenantId: SANDBOX_CREDENTIALS.tenantId,
      timezone: 'Europe/London',
      confirmWebBaseUrl: `${url}${SANDBOX_PATHS.web}`,
    },
    secrets: { password: SANDBOX_CREDENTIALS.password },
  };
}

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8' };

export interface CrmAgentPush {
  enquiryNumber: string;
  enquiryLogNumber: string;
  status: number | null;
  /** The listener's answer, as text. */
  answer: string | null;
  error: string | null;
}

export class ConfirmSandbox extends SandboxServer {
  credentials = { ...SANDBOX_CREDENTIALS };
  /** The zone Confirm's server runs in: times without an offset are read in it, times are written in it. */
  timeZone = 'Europe/London';
  /** The sandbox's clock (tests move it). */
  now: () => number = () => Date.now();
  lookups: SimLookups;
  /**
   * Off: one TypeOfService per service. On: one per subject, so a ServiceCode comes several times, each with its own
   * subjects, as Confirm answers per service and subject group (open311-adapter's "duped services").
   */
  typeOfServicePerSubject = false;
  /** GetEnquiryStatusChanges lists each log apart, newest first: one Enquiry several times, not in time order. */
  statusChangesNewestFirst = false;
  readonly enquiries = new Map<string, SimEnquiry>();
  /** Enquiries created per ExternalSystemReference: a retry must never make it 2. */
  readonly enquiriesByExternalReference = new Map<string, number>();
  /** Operations seen per name, however many came in one request (lookups cache tests count these). */
  readonly operationCalls = new Map<string, number>();
  /** ProcessOperations requests that held at least one operation of a name (batching tests count these). */
  readonly requestsWith = new Map<string, number>();
  private nextEnquiryNumber: number;
  /** Operations whose next answers are lost after they were applied (NewEnquiry → 1: the next raise takes effect unanswered). */
  readonly loseAnswersTo = new Map<string, number>();
  /** GetEnquiry answers with ExternalSystemReference (assumed of Confirm; tests switch it off). */
  answersExternalReference = true;

  /** When set, status changes made by a Confirm user are pushed here as the CRM Agent's scheduled task would. */
  crmAgent: { url: string | null } = { url: null };
  readonly pushes: CrmAgentPush[] = [];
  private readonly pendingPushes = new Set<Promise<void>>();

  tokenLifetimeSec = 3600;
  tokensIssued = 0;
  private readonly webTokens = new Map<string, number>();
  readonly uploads: { enquiryNumber: string; documentName: string; documentNotes: string; bytes: Buffer }[] = [];

  /**
   * generation: how many simulators the data folder has started before this one. Enquiry numbers of each start begin
   * 100,000 higher, so a restarted simulator never hands out a number a case already holds.
   */
  constructor(seed: number, generation = 0) {
    super('Confirm (sandbox)', seed, {
      [`POST ${SANDBOX_PATHS.connector}`]: (req) => this.processOperations(req),
      [`POST ${SANDBOX_PATHS.web}:tenant/oauth/token`]: (req) => this.webTokenGrant(req),
      [`POST ${SANDBOX_PATHS.web}:tenant/centralEnquiries`]: (req) => this.centralEnquiries(req),
    });
    this.lookups = seedLookups(seed);
    // Enquiries from before SyncDesk (one numbered with leading zeros, as some migrated tenants have).
    for (const e of seedEnquiries()) this.enquiries.set(e.enquiryNumber, e);
    this.nextEnquiryNumber = 1001 + generation * 100_000;
  }

  // ---- what tests and the demo do -----------------------------------------------------------------------------

  /**
   * Changes an enquiry's status as a Confirm user would; pushes it to the CRM Agent URL when one is set (pushTo, when
   * given, instead of it: null pushes nothing).
   */
  setEnquiryStatus(enquiryNumber: string, statusCode: string, notes = '', pushTo: string | null = this.crmAgent.url): SimEnquiry['logs'][number] {
    const e = this.enquiries.get(enquiryNumber);
    if (!e) throw new Error(`no Confirm enquiry ${enquiryNumber}`);
    if (!this.lookups.statuses.some((s) => s.code === statusCode)) throw new Error(`no Confirm status ${statusCode}`);
    const at = this.now();
    const log = { logNumber: e.logs.length + 1, statusCode, notes, effectiveAt: at, recordedAt: at };
    e.logs.push(log);
    if (pushTo) this.push(e, log, pushTo);
    return log;
  }

  /** Resolves when every CRM Agent push started so far has been answered (or failed). */
  async pushesSettled(): Promise<void> {
    while (this.pendingPushes.size > 0) await Promise.all([...this.pendingPushes]);
  }

  /** The XML the CRM Agent is assumed to post (no public sample exists; see README.md). */
  crmAgentXml(e: SimEnquiry, log: SimEnquiry['logs'][number]): string {
    return buildXml(
      el(
        'EnquiryStatusUpdate',
        [
          el('Enquiry', [
            el('EnquiryNumber', e.enquiryNumber),
            el('ExternalSystemNumber', e.externalSystemNumber),
            el('ExternalSystemReference', e.externalSystemReference),
            el('ServiceCode', e.serviceCode),
            el('SubjectCode', e.subjectCode),
            el('EnquiryStatusLog', [
              el('EnquiryLogNumber', String(log.logNumber)),
              el('EnquiryStatusCode', log.statusCode),
              el('LogEffectiveTime', toConfirmTime(log.effectiveAt, this.timeZone)),
              el('LoggedTime', toConfirmTime(log.recordedAt, this.timeZone)),
              el('StatusLogNotes', log.notes),
            ]),
          ]),
        ],
        { xmlns: 'http://www.confirm.co.uk/schema/am/crmagent' },
      ),
    );
  }

  operationCount(name: string): number {
    return this.operationCalls.get(name) ?? 0;
  }

  override resetCounters(): void {
    super.resetCounters();
    this.operationCalls.clear();
    this.requestsWith.clear();
    this.tokensIssued = 0;
  }

  // ---- the CRM Connector ------------------------------------------------------------------------------------------

  private xml(content: { operations: XmlElement[] } | { fault: string }): SandboxReply {
    return { status: 200, body: processOperationsResponse(content), headers: XML_HEADERS };
  }

  private processOperations(req: SandboxRequest): SandboxReply {
    let parsed: ParsedRequest;
    try {
      parsed = readProcessOperationsRequest(req.body);
    } catch (err) {
      // What a SOAP stack does with a request it cannot read: a SOAP Fault with HTTP 500.
      const fault = el('soap:Envelope', [el('soap:Body', [el('soap:Fault', [el('faultcode', 'soap:Client'), el('faultstring', (err as Error).message)])])], {
        'xmlns:soap': 'http://schemas.xmlsoap.org/soap/envelope/',
      });
      return { status: 500, body: buildXml(fault), headers: XML_HEADERS };
    }
    for (const op of parsed.operations) this.operationCalls.set(op.name, (this.operationCalls.get(op.name) ?? 0) + 1);
    for (const name of new Set(parsed.operations.map((op) => op.name))) this.requestsWith.set(name, (this.requestsWith.get(name) ?? 0) + 1);
    const a = parsed.auth;
    const c = this.credentials;
    if (a.username !== c.username || a.password !== c.password || a.databaseId !== c.tenantId) return this.xml({ fault: BAD_PASSWORD_FAULT });
    if (parsed.operations.length === 0) return this.xml({ fault: 'Validate request.The request holds no Operation' });
    // Every operation is checked before any is applied: one fault answers for the whole request.
    const planned: (() => XmlElement)[] = [];
    for (const op of parsed.operations) {
      const r = runOperation(this, op.name, op.body, req.headers['idempotency-key'] as string | undefined);
      if ('fault' in r) return this.xml({ fault: r.fault });
      planned.push(r.apply);
    }
    const answer = this.xml({ operations: planned.map((apply) => apply()) });
    const lost = parsed.operations.find((op) => (this.loseAnswersTo.get(op.name) ?? 0) > 0);
    if (!lost) return answer;
    this.loseAnswersTo.set(lost.name, this.loseAnswersTo.get(lost.name)! - 1);
    return { ...answer, lose: true };
  }

  /** The next enquiry number, as text. */
  issueEnquiryNumber(): string {
    return String(this.nextEnquiryNumber++);
  }

  /** Called by the operations when an enquiry was created. */
  enquiryCreated(e: SimEnquiry): void {
    this.enquiries.set(e.enquiryNumber, e);
    if (e.externalSystemReference) this.enquiriesByExternalReference.set(e.externalSystemReference, (this.enquiriesByExternalReference.get(e.externalSystemReference) ?? 0) + 1);
  }

  parseTime(text: string): number | null {
    return fromConfirmTime(text, this.timeZone);
  }

  // ---- ConfirmWeb -------------------------------------------------------------------------------------------------

  private webTokenGrant(req: SandboxRequest): SandboxReply {
    const tenant = decodeURIComponent(req.path.split('/').at(-3) ?? '');
    const basic = String(req.headers.authorization ?? '').replace(/^Basic\s+/i, '');
    const [user, ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    const grant = new URLSearchParams(req.body).get('grant_type');
    if (grant !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (tenant !== this.credentials.tenantId || user !== this.credentials.username || rest.join(':') !== this.credentials.password)
      return { status: 401, body: { error: 'invalid_client', error_description: 'The user name or password is incorrect.' } };
    const token = randomBytes(24).toString('hex');
    this.webTokens.set(token, this.now() + this.tokenLifetimeSec * 1000);
    this.tokensIssued++;
    return { status: 200, body: { access_token: Buffer.from(token).toString('base64'), token_type: 'bearer', expires_in: this.tokenLifetimeSec } };
  }

  /** Every issued ConfirmWeb token stops working (as when Confirm restarts). */
  revokeWebTokens(): void {
    this.webTokens.clear();
  }

  private centralEnquiries(req: SandboxRequest): SandboxReply {
    const token = String(req.headers.accesstoken ?? '');
    const expires = this.webTokens.get(token);
    if (expires === undefined || expires <= this.now()) return { status: 401, body: { message: 'Access token is missing, invalid or expired.' } };
    let body: { enquiryNumber?: unknown; centralDocLinks?: unknown };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return { status: 400, body: { message: 'The request body is not JSON.' } };
    }
    const number = typeof body.enquiryNumber === 'number' || typeof body.enquiryNumber === 'string' ? String(body.enquiryNumber) : '';
    const enquiry = this.enquiries.get(number);
    if (!enquiry) return { status: 400, body: { message: `Enquiry ${number || '(none)'} does not exist.` } };
    const links = Array.isArray(body.centralDocLinks) ? (body.centralDocLinks as Record<string, unknown>[]) : [];
    if (links.length === 0) return { status: 400, body: { message: 'centralDocLinks must hold at least one document.' } };
    const docs: ConfirmSandbox['uploads'] = [];
    for (const l of links) {
      const name = typeof l.documentName === 'string' ? l.documentName.trim() : '';
      const blob = typeof l.blobData === 'string' ? l.blobData : '';
      if (!name || !/^[A-Za-z0-9+/]*={0,2}$/.test(blob)) return { status: 400, body: { message: 'Each document needs a documentName and base64 blobData.' } };
      docs.push({ enquiryNumber: number, documentName: name, documentNotes: typeof l.documentNotes === 'string' ? l.documentNotes : '', bytes: Buffer.from(blob, 'base64') });
    }
    const key = req.headers['idempotency-key'] as string | undefined;
    if (key) this.recordEffect(key);
    this.uploads.push(...docs);
    return { status: 200, body: { enquiryNumber: number, documentsAdded: docs.length } };
  }

  // ---- the CRM Agent ----------------------------------------------------------------------------------------------

  private push(e: SimEnquiry, log: SimEnquiry['logs'][number], url: string): void {
    const record: CrmAgentPush = { enquiryNumber: e.enquiryNumber, enquiryLogNumber: String(log.logNumber), status: null, answer: null, error: null };
    this.pushes.push(record);
    const p = fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: this.crmAgentXml(e, log), signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        record.status = res.status;
        record.answer = await res.text();
      })
      .catch((err: unknown) => {
        record.error = (err as Error).message;
      })
      .finally(() => this.pendingPushes.delete(p));
    this.pendingPushes.add(p);
  }
}
