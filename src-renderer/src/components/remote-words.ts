// A remote's own words in a recorded reason ('New enquiry: Confirm said "Validate new enquiry.Mandatory enquiry
// attribute DEPT (Depth (mm)) is missing"', 'CERM answered HTTP 400 "…"', 'refused the sign-in ("…")') are its text,
// not staff's: a headline says in plain words what happened and what to do, and the remote's text goes to Details.

// Confirm's refusals whose meaning is known, said as the template editor says them.
const KNOWN: readonly { test: RegExp; say(m: RegExpMatchArray, remote: string): { what: string; todo: string } }[] = [
  {
    test: /Mandatory enquiry attribute (\S+) \((.+)\) is missing/i,
    say: (m, remote) => ({ what: `${remote} requires the Enquiry Attribute ${m[2]} (${m[1]})`, todo: 'Add a row for it to the template, then retry.' }),
  },
];

// "<Remote> said "…"" and "<Remote> answered HTTP 400 "…"": the quote runs to the last quotation mark of the reason.
const SAID = /\b([A-Z][\w-]*(?: [A-Z][\w-]*)?) (?:said|answered HTTP \d{3}) "([\s\S]*)"/;
// A quote in brackets after the words that already say what happened: 'refused the sign-in ("…"): check …'.
const BRACKETED = /\s*\("[^"]*(?:"[^"]*)*?"\)/;

/** The reason's headline with the remote's quoted words taken out, or null when it quotes none. */
export function withoutRemoteWords(reason: string): string | null {
  const said = SAID.exec(reason);
  if (said) {
    const [whole, remote, words] = said;
    const before = reason.slice(0, said.index);
    // What the engine adds after the quote ("(not retried)") reads as part of the sentence.
    const after = reason.slice(said.index + whole.length).trim().replace(/^\((.*)\)$/, '$1');
    const known = KNOWN.map((k) => ({ k, m: words.match(k.test) })).find((x) => x.m);
    const { what, todo } = known ? known.k.say(known.m!, remote) : { what: `${remote} refused it`, todo: `What ${remote} said is under Details.` };
    return `${before}${what}${after ? `; ${after}` : ''}. ${todo}`;
  }
  if (BRACKETED.test(reason)) return reason.replace(BRACKETED, '');
  return null;
}
