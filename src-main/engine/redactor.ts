// Secrets never reach the log, exports or the diagnostic file: known values and credential-shaped text are masked.
const PATTERNS: [RegExp, string][] = [
  [/(authorization\s*[:=]\s*)(bearer|basic)?\s*[^\s,;"']+/gi, '$1$2 ***'],
  [/("?(?:password|passwd|secret|client_secret|token|access_token|refresh_token|api[_-]?key)"?\s*[:=]\s*"?)[^"&\s,}<]+/gi, '$1***'],
  [/(<(?:\w+:)?(?:Password|Secret|Token)>)[^<]*(<\/)/gi, '$1***$2'],
  [/(accesstoken\s*:\s*)\S+/gi, '$1***'],
];
/** A word every pattern needs: text without one (nearly every log line) skips the four replaces. */
const ANY_PATTERN = /authoriz|passw|secret|token|api[_-]?key/i;

export interface Redactor {
  remember(secret: string | null | undefined): void;
  redact(text: string): string;
}

export function createRedactor(): Redactor {
  const known = new Set<string>();
  return {
    remember(secret) {
      if (secret && secret.length >= 4) known.add(secret);
    },
    redact(text) {
      let out = text;
      for (const s of known) if (out.includes(s)) out = out.split(s).join('***');
      if (!ANY_PATTERN.test(out)) return out;
      for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
      return out;
    },
  };
}
