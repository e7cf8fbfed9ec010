// What an audit line keeps of a change: plain JSON with every secret replaced by a mark, so the trail can be read
// (and exported) by anyone who may read the console without handing out a password or key.

export const MASK = '••••';

const SECRET_KEY = /(password|secret|token|apikey|api_key|newkey|privatekey|passphrase|credential)/i;
const MAX_DEPTH = 8;
const MAX_TEXT = 2_000;

export function maskSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEY.test(k)) out[k] = maskedValue(v);
    else out[k] = maskSecrets(v, depth + 1);
  }
  return out;
}

/** A secret's value masked; a record of secrets (connections:save's `secrets`) keeps its keys, and null stays null (a removal). */
function maskedValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v; // hasPassword: true says only that one is set
  if (typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null ? null : MASK]));
  if (typeof v === 'string' && ['set', 'not set', 'unavailable'].includes(v)) return v;
  return MASK;
}
