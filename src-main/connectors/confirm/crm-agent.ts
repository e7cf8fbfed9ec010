// What Confirm's CRM Agent posts when an Enquiry changes. No public sample of its XML exists, so this reads any root
// element and finds the fields by local name wherever they are, whatever the namespaces. A pure function: the
// listener route maps the error's status to its answer.
import { XmlRefused, isObject, readXml, type XmlObject, type XmlValue } from './xml';
import { parseMediaType } from '../../listener/media-type';
import { grouped } from '../../engine/count-words';

export const CRM_AGENT_MAX_BYTES = 256 * 1024;
export const CRM_AGENT_MAX_DEPTH = 32;

export interface CrmAgentUpdate {
  enquiryNumber: string;
  enquiryLogNumber: string | null;
  enquiryStatusCode: string | null;
  loggedTime: string | null;
  logEffectiveTime: string | null;
  statusLogNotes: string | null;
  externalSystemNumber: string | null;
  externalSystemReference: string | null;
  serviceCode: string | null;
  subjectCode: string | null;
  /** EnquiryNumber/EnquiryLogNumber: the same status log pushed twice is applied once. */
  dedupeKey: string;
}

export type CrmAgentErrorKind = 'unsupported_media_type' | 'too_large' | 'refused' | 'invalid';

/** A push we will not apply; status is what the listener answers (415, 413, 400, 422). */
export class CrmAgentError extends Error {
  constructor(
    readonly kind: CrmAgentErrorKind,
    readonly status: 415 | 413 | 400 | 422,
    message: string,
  ) {
    super(message);
    this.name = 'CrmAgentError';
  }
}

// SOAP 1.1 and plain XML (text/xml, application/xml), SOAP 1.2 (application/soap+xml).
const ACCEPTED_TYPES = new Set(['text/xml', 'application/xml', 'application/soap+xml']);

const FIELDS = {
  enquiryNumber: 'EnquiryNumber',
  enquiryLogNumber: 'EnquiryLogNumber',
  enquiryStatusCode: 'EnquiryStatusCode',
  loggedTime: 'LoggedTime',
  logEffectiveTime: 'LogEffectiveTime',
  statusLogNotes: 'StatusLogNotes',
  externalSystemNumber: 'ExternalSystemNumber',
  externalSystemReference: 'ExternalSystemReference',
  serviceCode: 'ServiceCode',
  subjectCode: 'SubjectCode',
} as const;

const WANTED = new Map<string, string>(Object.entries(FIELDS).map(([key, name]) => [name.toLowerCase(), key]));

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string {
  const v = headers[name] ?? headers[name.toLowerCase()] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

/**
 * The first value of each known field in document order, breadth-first so that a field of the enquiry itself wins
 * over the same name deeper down (e.g. a nested history). Element names match case-insensitively; attributes with
 * those names count too, for agents that send <Enquiry EnquiryNumber="..."/>.
 */
function collect(root: XmlObject): Map<string, string> {
  const found = new Map<string, string>();
  let level: XmlValue[] = [root];
  while (level.length > 0 && found.size < WANTED.size) {
    const next: XmlValue[] = [];
    for (const node of level) {
      const items = Array.isArray(node) ? node : [node];
      for (const item of items) {
        if (!isObject(item)) continue;
        for (const [rawName, value] of Object.entries(item)) {
          const name = rawName.startsWith('@_') ? rawName.slice(2).replace(/^.*:/, '') : rawName;
          const key = WANTED.get(name.toLowerCase());
          if (key && !found.has(key)) {
            const text = textValue(value);
            if (text !== null) found.set(key, text);
          }
          if (typeof value === 'object') next.push(value);
        }
      }
    }
    level = next;
  }
  return found;
}

function textValue(v: XmlValue): string | null {
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.length > 0 ? textValue(v[0]!) : null;
  const t = v['#text'];
  if (typeof t === 'string') return t.trim();
  // An element with children but no text is a container, not a value.
  return Object.keys(v).every((k) => k.startsWith('@_')) ? '' : null;
}

/** Reads one CRM Agent push, or throws CrmAgentError saying what is wrong with it. */
export function parseCrmAgentPush(body: string | Buffer, headers: Headers, options: { maxBytes?: number } = {}): CrmAgentUpdate {
  const maxBytes = options.maxBytes ?? CRM_AGENT_MAX_BYTES;
  const given = header(headers, 'content-type');
  if (!ACCEPTED_TYPES.has(parseMediaType(given)?.essence ?? ''))
    throw new CrmAgentError('unsupported_media_type', 415, `the CRM Agent push must be text/xml, application/xml or application/soap+xml, not ${given.slice(0, 100) || 'without a content type'}`);
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > maxBytes) throw new CrmAgentError('too_large', 413, `the CRM Agent push is ${grouped(size)} bytes, over the ${grouped(maxBytes)} byte limit`);
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let doc: XmlObject;
  try {
    doc = readXml(text, { maxBytes, maxDepth: CRM_AGENT_MAX_DEPTH });
  } catch (err) {
    if (err instanceof XmlRefused) {
      if (err.reason === 'too_large') throw new CrmAgentError('too_large', 413, `the CRM Agent push was refused: ${err.message}`);
      throw new CrmAgentError(err.reason === 'malformed' ? 'invalid' : 'refused', 400, `the CRM Agent push was refused: ${err.message}`);
    }
    throw err;
  }
  const f = collect(doc);
  const enquiryNumber = f.get('enquiryNumber');
  if (!enquiryNumber) throw new CrmAgentError('invalid', 422, 'the CRM Agent push has no EnquiryNumber, so it cannot be matched to a case');
  const get = (k: keyof typeof FIELDS) => f.get(k) || null;
  const enquiryLogNumber = get('enquiryLogNumber');
  return {
    enquiryNumber,
    enquiryLogNumber,
    enquiryStatusCode: get('enquiryStatusCode'),
    loggedTime: get('loggedTime'),
    logEffectiveTime: get('logEffectiveTime'),
    statusLogNotes: get('statusLogNotes'),
    externalSystemNumber: get('externalSystemNumber'),
    externalSystemReference: get('externalSystemReference'),
    serviceCode: get('serviceCode'),
    subjectCode: get('subjectCode'),
    dedupeKey: `${enquiryNumber}/${enquiryLogNumber ?? ''}`,
  };
}
