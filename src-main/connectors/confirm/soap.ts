// The CRM Connector's one SOAP 1.1 operation, ProcessOperationsRequest: authentication in the body, one Operation
// element per operation, and the answer's OperationResponse list or Response/Fault/Reason (inside an HTTP 200).
import { RemoteError } from '../../engine/remote-error';
import { buildXml, child, childText, children, el, isObject, readXml, textOf, type XmlElement, type XmlObject, type XmlValue } from './xml';

export const CONFIRM_NS = 'http://www.confirm.co.uk/schema/am/connector/webservice';
export const SOAP_ACTION = `${CONFIRM_NS}/ProcessOperations`;
export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Elements that may repeat, read as arrays even when one came. */
export const REPEATING = new Set([
  'Operation',
  'OperationResponse',
  'Fault',
  'TypeOfService',
  'EnquirySubject',
  'SubjectAttribute',
  'EnquiryAttributeType',
  'EnquiryAttributeValue',
  'EnquiryStatus',
  'EnquiryMethod',
  'CustomerType',
  'PointOfContact',
  'UpdatedEnquiry',
  'EnquiryStatusLog',
  'EnquiryAttribute',
  'EnquiryDocument',
]);

/** Confirm answers can be large (lookups of a big tenant, batches of enquiries) but not unbounded. */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface ConfirmAuth {
  username: string;
  password: string;
  databaseId: string;
}

export function processOperationsRequest(auth: ConfirmAuth, operations: XmlElement[]): string {
  return buildXml(
    el('soap:Envelope', [
      el('soap:Body', [
        el(
          'ProcessOperationsRequest',
          [
            el('Request', [
              el('Authentication', [el('Username', auth.username), el('Password', auth.password), el('DatabaseId', auth.databaseId)]),
              ...operations.map((op) => el('Operation', [op])),
            ]),
          ],
          { xmlns: CONFIRM_NS },
        ),
      ]),
    ], { 'xmlns:soap': SOAP_ENV_NS }),
  );
}

/** The answer as Confirm shapes it: either OperationResponses or a Fault with its Reason. */
export function processOperationsResponse(content: { operations: XmlElement[] } | { fault: string }): string {
  const response = 'fault' in content ? [el('Fault', [el('Reason', content.fault)])] : content.operations.map((op) => el('OperationResponse', [op]));
  return buildXml(
    el('soap:Envelope', [el('soap:Body', [el('ProcessOperationsResult', [el('Response', response)], { xmlns: CONFIRM_NS })])], { 'xmlns:soap': SOAP_ENV_NS }),
  );
}

function bodyOf(doc: XmlObject, what: string): XmlObject {
  const body = child(child(doc, 'Envelope'), 'Body');
  if (!isObject(body)) throw new RemoteError('validation', `${what}: Confirm's answer is not a SOAP envelope with a Body`);
  return body;
}

/** The first element in the Body (ProcessOperationsResult, or whatever a proxy renamed it to), and its Response. */
function responseOf(body: XmlObject): XmlValue | undefined {
  for (const [name, v] of Object.entries(body)) {
    if (name.startsWith('@_')) continue;
    const r = child(Array.isArray(v) ? v[0] : v, 'Response');
    if (r !== undefined) return r;
  }
  return undefined;
}

export const BAD_PASSWORD_FAULT = 'Error calling method of a PBNI object';
const LOGGED_DATE_FAULT = /Logged Date [\d/:.\s-]+ must be greater than the Effective Date/i;

/** Confirm refused an EnquiryUpdate whose LoggedTime is not after the current status log (fault 1002). */
export function isLoggedDateOrderFault(err: unknown): boolean {
  return err instanceof RemoteError && err.extra.code === 'LOGGED_DATE_ORDER';
}

/** A Fault/Reason as the engine should treat it: a bad password pauses the connection, anything else is refused data. */
export function faultError(reason: string, what: string, details?: string): RemoteError {
  if (reason.includes(BAD_PASSWORD_FAULT))
    return new RemoteError('auth', `${what}: Confirm refused the sign-in ("${reason}"): check the username, password and Tenant ID, or whether the account is locked`, {
      code: 'BAD_PASSWORD',
      details,
    });
  if (LOGGED_DATE_FAULT.test(reason)) return new RemoteError('validation', `${what}: Confirm said "${reason}"`, { code: 'LOGGED_DATE_ORDER', details });
  return new RemoteError('validation', `${what}: Confirm said "${reason}"`, { code: 'CONFIRM_FAULT', details });
}

/**
 * Reads a ProcessOperations answer: the OperationResponse elements in order, or a RemoteError for a Fault, an answer
 * that is not XML, or one without any OperationResponse (an invalid result).
 */
export function readOperationResponses(text: string, what: string, details?: string): XmlObject[] {
  let doc: XmlObject;
  try {
    doc = readXml(text, { maxBytes: MAX_RESPONSE_BYTES, arrays: REPEATING });
  } catch (err) {
    throw new RemoteError('validation', `${what}: Confirm's answer could not be read (${(err as Error).message})`, { code: 'INVALID_RESULT', details });
  }
  const response = responseOf(bodyOf(doc, what));
  const faults = children(response, 'Fault');
  if (faults.length > 0) {
    const reason = faults.map((f) => childText(f, 'Reason') ?? textOf(f) ?? '').filter(Boolean).join('; ') || 'a Fault without a Reason';
    throw faultError(reason, what, details);
  }
  const ops = children(response, 'OperationResponse').filter(isObject);
  // Not seen in public samples, but a Fault inside one OperationResponse is a failure all the same.
  const inner = ops.flatMap((op) => children(op, 'Fault')).map((f) => childText(f, 'Reason') ?? textOf(f) ?? '');
  if (inner.length > 0) throw faultError(inner.filter(Boolean).join('; ') || 'a Fault without a Reason', what, details);
  if (ops.length === 0) throw new RemoteError('validation', `${what}: Confirm's answer holds no OperationResponse (an invalid result)`, { code: 'INVALID_RESULT', details });
  return ops;
}

/**
 * A SOAP Fault that blames the client (faultcode Client) says the request itself is wrong: sending it again will not
 * help, so it is refused data, not a connectivity failure, although it comes with HTTP 500.
 */
export function soapClientFault(answer: string): string | null {
  if (!/<(?:[\w.-]+:)?faultcode>\s*(?:[\w.-]+:)?Client/i.test(answer)) return null;
  const m = /<(?:[\w.-]+:)?faultstring[^>]*>([^<]{0,500})</i.exec(answer);
  return m ? m[1]!.trim() : 'the request was refused (SOAP Client fault)';
}

/** What the sandbox reads from a request: the credentials and each operation by name. */
export interface ParsedRequest {
  auth: ConfirmAuth;
  operations: { name: string; body: XmlObject }[];
}

export function readProcessOperationsRequest(text: string): ParsedRequest {
  const doc = readXml(text, { maxBytes: MAX_RESPONSE_BYTES, arrays: REPEATING });
  const body = child(child(doc, 'Envelope'), 'Body');
  const request = child(child(body, 'ProcessOperationsRequest'), 'Request');
  if (!isObject(request)) throw new Error('the body holds no ProcessOperationsRequest/Request');
  const a = child(request, 'Authentication');
  const operations: ParsedRequest['operations'] = [];
  for (const op of children(request, 'Operation')) {
    if (!isObject(op)) continue;
    for (const [name, v] of Object.entries(op)) {
      if (name === 'RequestId' || name.startsWith('@_')) continue;
      operations.push({ name, body: isObject(v) ? v : {} });
    }
  }
  return {
    auth: { username: childText(a, 'Username') ?? '', password: childText(a, 'Password') ?? '', databaseId: childText(a, 'DatabaseId') ?? '' },
    operations,
  };
}
