// A Content-Type header read by its grammar (RFC 9110 §8.3.1), not by prefix: `application/jsonfoo` is not JSON.
//   media-type = type "/" subtype *( OWS ";" OWS parameter )
//   parameter  = token "=" ( token / quoted-string )
// Type, subtype and parameter names are case-insensitive (kept lower-cased); a quoted value is unquoted. Empty
// parameters (`text/xml;`) are tolerated, as browsers' own parser does; anything else off the grammar is no media type.

export interface MediaType {
  type: string;
  subtype: string;
  /** `type/subtype`, lower-cased: what routes compare. */
  essence: string;
  parameters: ReadonlyMap<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const OWS = /^[ \t]*/;

/** The header's media type, or null where it is missing or malformed. */
export function parseMediaType(header: string | string[] | undefined): MediaType | null {
  const text = Array.isArray(header) ? header[0] : header;
  if (typeof text !== 'string' || text.length > 1024) return null;
  let i = 0;
  const skipOws = () => {
    i += OWS.exec(text.slice(i))![0].length;
  };
  const until = (stops: string) => {
    const start = i;
    while (i < text.length && !stops.includes(text[i]!)) i++;
    return text.slice(start, i);
  };

  skipOws();
  const type = until('/');
  if (!TOKEN.test(type) || text[i] !== '/') return null;
  i++;
  const subtype = until('; \t');
  if (!TOKEN.test(subtype)) return null;
  skipOws();
  const parameters = new Map<string, string>();
  while (i < text.length) {
    if (text[i] !== ';') return null;
    i++;
    skipOws();
    if (i >= text.length || text[i] === ';') continue;
    const name = until('=; \t').toLowerCase();
    if (!TOKEN.test(name) || text[i] !== '=') return null;
    i++;
    let value: string;
    if (text[i] === '"') {
      i++;
      value = '';
      for (;;) {
        if (i >= text.length) return null;
        const c = text[i++]!;
        if (c === '"') break;
        // qdtext and quoted-pair allow tab, visible and obs-text characters, no other control.
        if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(c)) return null;
        if (c === '\\') {
          if (i >= text.length) return null;
          value += text[i++];
        } else value += c;
      }
    } else {
      value = until('; \t');
      if (!TOKEN.test(value)) return null;
    }
    // A parameter named twice is ambiguous (which charset?): no media type.
    if (parameters.has(name)) return null;
    parameters.set(name, value);
    skipOws();
  }
  return { type: type.toLowerCase(), subtype: subtype.toLowerCase(), essence: `${type}/${subtype}`.toLowerCase(), parameters };
}
