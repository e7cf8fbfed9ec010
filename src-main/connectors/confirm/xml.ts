// XML in and out for a connector that reads answers and pushes from outside: every inbound document is treated as
// hostile (size, DOCTYPE, entities, depth, malformed) and every outbound value is escaped so it stays text.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlRefusal = 'too_large' | 'doctype' | 'too_deep' | 'malformed';

/** A document we will not read, with the reason in words and as a code the caller can map (413, 400...). */
export class XmlRefused extends Error {
  constructor(
    readonly reason: XmlRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'XmlRefused';
  }
}

/** What the parser gives: element text as a string, child elements as objects, attributes as "@_name". */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

export interface XmlReadOptions {
  /** Bytes (UTF-8) allowed, checked before anything else looks at the text. */
  maxBytes?: number;
  /** Elements allowed inside one another. */
  maxDepth?: number;
  /** Local names always read as arrays, one element or several. */
  arrays?: ReadonlySet<string>;
}

export const DEFAULT_MAX_XML_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_XML_DEPTH = 64;

// A DTD is the door to entity expansion and external entities; nothing we talk to needs one.
const DTD = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g;

/** XML 1.0 Char production: tab, LF, CR, and the printable planes (no other controls, no lone surrogates). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * The only entities a document may use: the five predefined ones and character references, decoded in one pass (so
 * "&amp;lt;" stays "&lt;"). Unknown names stay as written. The library's own decoder is replaced because it leaves
 * numeric references undecoded unless HTML entities are switched on, which would also admit &nbsp; and friends.
 */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref] ?? whole;
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return isXmlChar(cp) ? String.fromCodePoint(cp) : '';
  });
}

const entityDecoder = {
  setExternalEntities(): void {},
  addInputEntities(entities: Record<string, string>): void {
    // Unreachable while DTDs are refused up front; kept so a future change cannot quietly enable expansion.
    if (Object.keys(entities).length > 0) throw new XmlRefused('doctype', 'the document declares entities, which are not accepted');
  },
  reset(): void {},
  decode: decodeReferences,
  setXmlVersion(): void {},
};

function makeParser(maxDepth: number, arrays: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    // Identifiers such as 000123 and codes such as 1E5 must stay text.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Set explicitly: the library's documented defaults are not the ones its code applies (its code allows unlimited
    // expansions and 1,000 entities). DTDs are refused before parsing anyway; these limits are the second lock.
    processEntities: {
      enabled: true,
      maxEntitySize: 1,
      maxEntityCount: 1,
      maxExpansionDepth: 1,
      maxTotalExpansions: 1,
      maxExpandedLength: 1,
    },
    htmlEntities: false,
    entityDecoder,
    maxNestedTags: maxDepth,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && arrays.has(name),
  });
}

const parsers = new Map<string, XMLParser>();

/** Parses untrusted XML into plain objects, or throws XmlRefused saying why not. Namespace prefixes are dropped. */
export function readXml(text: string, options: XmlReadOptions = {}): XmlObject {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  // Characters first (cheap): UTF-8 is at most 3 bytes per UTF-16 unit, so a short text cannot be too large.
  if (text.length > maxBytes || (text.length * 3 > maxBytes && Buffer.byteLength(text, 'utf8') > maxBytes))
    throw new XmlRefused('too_large', `the XML document is larger than the ${maxBytes} byte limit`);
  if (DTD.test(text)) throw new XmlRefused('doctype', 'the XML document contains a DOCTYPE or entity declaration, which is not accepted');
  // Some servers put a newline or a byte order mark before the declaration, which the validator would refuse.
  text = text.replace(/^[\uFEFF\s]+/, '');
  if (text === '') throw new XmlRefused('malformed', 'the XML document is empty');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlRefused('malformed', `the XML document is not well formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const arrays = options.arrays ?? new Set<string>();
  const cacheKey = `${maxDepth}|${[...arrays].sort().join(',')}`;
  let parser = parsers.get(cacheKey);
  if (!parser) {
    parser = makeParser(maxDepth, arrays);
    parsers.set(cacheKey, parser);
  }
  try {
    return parser.parse(text) as XmlObject;
  } catch (err) {
    if (err instanceof XmlRefused) throw err;
    const msg = (err as Error).message;
    if (/nested tags/i.test(msg)) throw new XmlRefused('too_deep', `the XML document nests elements deeper than ${maxDepth} levels`);
    throw new XmlRefused('malformed', `the XML document could not be read: ${msg}`);
  }
}

// ---- reading helpers over the parsed shape --------------------------------------------------------------------

export function isObject(v: XmlValue | undefined): v is XmlObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The child elements of that name, as a list whether the document had none, one or several. */
export function children(node: XmlValue | undefined, name: string): XmlValue[] {
  if (!isObject(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function child(node: XmlValue | undefined, name: string): XmlValue | undefined {
  return children(node, name)[0];
}

/** The text of an element: "" for an empty one, undefined when it is absent. Mixed content keeps its text node. */
export function textOf(v: XmlValue | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return textOf(v[0]);
  const t = v['#text'];
  return typeof t === 'string' ? t : '';
}

export function childText(node: XmlValue | undefined, name: string): string | undefined {
  return textOf(child(node, name));
}

// ---- building ---------------------------------------------------------------------------------------------------

/** An element to build: its name comes from our code, its text and attribute values may come from anyone. */
export interface XmlElement {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: XmlElement[];
}

type Content = string | number | boolean | (XmlElement | null | undefined | false)[] | null | undefined;

/** el('Name', 'text') or el('Name', [el(...), cond && el(...)]): absent children are skipped. */
export function el(name: string, content?: Content, attrs?: Record<string, string>): XmlElement {
  if (Array.isArray(content)) return { name, attrs, children: content.filter((c): c is XmlElement => !!c) };
  if (content === null || content === undefined) return { name, attrs };
  return { name, attrs, text: String(content) };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?$/;

/**
 * Text as XML character data: markup characters escaped, CR kept as a reference (parsers fold a raw one into LF),
 * and characters XML 1.0 cannot carry at all (NUL, other controls, lone surrogates) removed.
 */
export function escapeXml(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&apos;';
        break;
      case '\r':
        out += '&#13;';
        break;
      default:
        if (isXmlChar(cp)) out += ch;
    }
  }
  return out;
}

function write(e: XmlElement, out: string[]): void {
  if (!NAME.test(e.name)) throw new Error(`not an XML element name: ${JSON.stringify(e.name)}`);
  out.push('<', e.name);
  for (const [k, v] of Object.entries(e.attrs ?? {})) {
    if (!NAME.test(k)) throw new Error(`not an XML attribute name: ${JSON.stringify(k)}`);
    out.push(' ', k, '="', escapeXml(v), '"');
  }
  const kids = e.children ?? [];
  if (kids.length === 0 && (e.text === undefined || e.text === '')) {
    out.push('/>');
    return;
  }
  out.push('>');
  if (e.text !== undefined) out.push(escapeXml(e.text));
  for (const c of kids) write(c, out);
  out.push('</', e.name, '>');
}

export function buildXml(root: XmlElement, declaration = true): string {
  const out: string[] = declaration ? ['<?xml version="1.0" encoding="utf-8"?>'] : [];
  write(root, out);
  return out.join('');
}
