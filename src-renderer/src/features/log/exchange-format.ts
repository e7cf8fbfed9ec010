// Request/response excerpts as the engine records them ("POST /path -> 200", then "> request body", "< answer"),
// laid out for reading: JSON and XML bodies indented and split into tokens a stylesheet colours. Bodies are cut at a
// fixed length when recorded, so both layouts work on truncated text and never need it to parse. Secrets are
// already masked by the main process ("***", or "[redacted]" where Confirm's client cuts the password out of its
// SOAP text); the layout only moves whitespace, so a mask stays a mask.

export type TokenKind = 'key' | 'string' | 'number' | 'literal' | 'punct' | 'tag' | 'attr' | 'value' | 'text' | 'mask' | 'plain';
export interface Token {
  kind: TokenKind;
  text: string;
}
export interface ExchangePart {
  /** request line, request body, response body, or text we could not place. */
  role: 'line' | 'request' | 'response' | 'text';
  language: 'json' | 'xml' | 'text';
  tokens: Token[];
}

const MASKS = /(\*{3,}|\[redacted\])/;

function withMasks(kind: TokenKind, text: string): Token[] {
  if (!MASKS.test(text)) return [{ kind, text }];
  // split with a capturing group: odd pieces are the masks themselves.
  return text
    .split(MASKS)
    .map((piece, i): Token => ({ kind: i % 2 === 1 ? 'mask' : kind, text: piece }))
    .filter((t) => t.text !== '');
}

export function languageOf(body: string): 'json' | 'xml' | 'text' {
  const t = body.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) return 'json';
  if (t.startsWith('<')) return 'xml';
  return 'text';
}

const JSON_TOKEN = /"(?:[^"\\]|\\.)*"?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\],:]|\s+|[^\s{}[\],:"]+/gy;

/** JSON indented by two spaces, token by token (a cut-off body stays readable up to where it stops). */
export function formatJson(body: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  const newline = () => out.push({ kind: 'punct', text: `\n${'  '.repeat(depth)}` });
  const raw = [...body.matchAll(JSON_TOKEN)].map((m) => m[0]).filter((t) => !/^\s+$/.test(t));
  raw.forEach((t, i) => {
    const next = raw[i + 1];
    if (t === '{' || t === '[') {
      out.push({ kind: 'punct', text: t });
      if (next === '}' || next === ']') return;
      depth += 1;
      newline();
    } else if (t === '}' || t === ']') {
      const prev = raw[i - 1];
      if (prev !== '{' && prev !== '[') {
        depth = Math.max(0, depth - 1);
        newline();
      }
      out.push({ kind: 'punct', text: t });
    } else if (t === ',') {
      out.push({ kind: 'punct', text: ',' });
      newline();
    } else if (t === ':') out.push({ kind: 'punct', text: ': ' });
    else if (t.startsWith('"')) out.push(...withMasks(next === ':' ? 'key' : 'string', t));
    else if (/^-?\d/.test(t)) out.push({ kind: 'number', text: t });
    else if (t === 'true' || t === 'false' || t === 'null') out.push({ kind: 'literal', text: t });
    else out.push(...withMasks('plain', t));
  });
  return out;
}

const XML_TOKEN = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<[^>]*>?|[^<]+/g;
const ATTR = /(\s+)([^\s=/>]+)(\s*=\s*)("[^"]*"?|'[^']*'?)?/g;

function tagTokens(tag: string): Token[] {
  const m = /^(<\/?[?!]?[^\s/>]*)([\s\S]*?)(\/?[?]?>)?$/.exec(tag);
  if (!m) return [{ kind: 'tag', text: tag }];
  const out: Token[] = [{ kind: 'tag', text: m[1] }];
  let last = 0;
  for (const a of m[2].matchAll(ATTR)) {
    if (a.index > last) out.push({ kind: 'plain', text: m[2].slice(last, a.index) });
    out.push({ kind: 'plain', text: a[1] }, { kind: 'attr', text: a[2] }, { kind: 'punct', text: a[3] });
    if (a[4]) out.push(...withMasks('value', a[4]));
    last = a.index + a[0].length;
  }
  if (last < m[2].length) out.push({ kind: 'plain', text: m[2].slice(last) });
  if (m[3]) out.push({ kind: 'tag', text: m[3] });
  return out;
}

const isText = (p: string) => !p.startsWith('<');
const isOpening = (p: string) => p.startsWith('<') && !p.startsWith('</') && !p.startsWith('<?') && !p.startsWith('<!') && !p.endsWith('/>');

/** XML with one element per line; an element holding only text (or nothing) stays on one line. */
export function formatXml(body: string): Token[] {
  const parts = (body.match(XML_TOKEN) ?? []).map((p) => (isText(p) ? p.trim() : p)).filter(Boolean);
  const out: Token[] = [];
  let depth = 0;
  parts.forEach((p, i) => {
    if (isText(p)) return void out.push(...withMasks('text', p));
    const closing = p.startsWith('</');
    if (closing) depth = Math.max(0, depth - 1);
    const prev = parts[i - 1];
    const sameLine = closing && prev !== undefined && (isText(prev) || isOpening(prev));
    if (out.length > 0 && !sameLine) out.push({ kind: 'plain', text: `\n${'  '.repeat(depth)}` });
    out.push(...tagTokens(p));
    if (isOpening(p)) depth += 1;
  });
  return out;
}

function bodyPart(role: 'request' | 'response', body: string): ExchangePart {
  const language = languageOf(body);
  const tokens = language === 'json' ? formatJson(body) : language === 'xml' ? formatXml(body) : withMasks('plain', body);
  return { role, language, tokens };
}

/** Splits a recorded excerpt into its request line and bodies; text in another shape is shown as it is. */
export function formatExchange(details: string): ExchangePart[] {
  const lines = details.split('\n');
  const head = /^[A-Z]+ \S+ -> \S+/.test(lines[0] ?? '');
  if (!head) {
    const language = languageOf(details);
    if (language === 'text') return [{ role: 'text', language, tokens: withMasks('plain', details) }];
    return [{ ...bodyPart('response', details), role: 'text' }];
  }
  const parts: ExchangePart[] = [{ role: 'line', language: 'text', tokens: withMasks('plain', lines[0]) }];
  let current: { role: 'request' | 'response'; text: string } | null = null;
  const flush = () => {
    if (current) parts.push(bodyPart(current.role, current.text));
  };
  for (const line of lines.slice(1)) {
    const marker = line.startsWith('> ') ? 'request' : line.startsWith('< ') ? 'response' : null;
    if (marker) {
      flush();
      current = { role: marker, text: line.slice(2) };
    } else if (current) current.text += `\n${line}`;
    else parts.push({ role: 'text', language: 'text', tokens: withMasks('plain', line) });
  }
  flush();
  return parts;
}
