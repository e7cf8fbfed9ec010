// The ERP simulator's reading of the contract-based API's query language and JSON conventions: $filter (the OData v3
// subset integrators use: comparisons joined by "and", text, numbers, booleans and datetimeoffset'...'), $top/$skip,
// $expand, the {"value": ...} wrapping, and the HttpError body of a failed call.
import type { SandboxReply } from '../../sandbox/sandbox-server';

export type Scalar = string | number | boolean | null;

export interface Condition {
  field: string;
  op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
  value: Scalar;
  /** A datetimeoffset'...' or date'...' literal: compared as a time (ms). */
  isTime: boolean;
}

export class QueryError extends Error {}

const CONDITION = /^\s*([A-Za-z][A-Za-z0-9/]*)\s+(eq|ne|gt|ge|lt|le)\s+(.+?)\s*$/;

/** `A eq 'x' and B gt datetimeoffset'2024-01-01T00:00:00+00:00'`, or a QueryError saying what is not understood. */
export function parseFilter(text: string | null): Condition[] {
  if (!text || !text.trim()) return [];
  return splitAnd(text).map((part) => {
    const m = CONDITION.exec(part);
    if (!m) throw new QueryError(`The $filter condition "${part.trim()}" is not understood.`);
    return { field: m[1]!, op: m[2] as Condition['op'], ...literal(m[3]!) };
  });
}

/** Splits on " and " outside quotes. */
function splitAnd(text: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && text.slice(i, i + 5).toLowerCase() === ' and ') {
      parts.push(text.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function literal(raw: string): { value: Scalar; isTime: boolean } {
  const time = /^(datetimeoffset|datetime|date)'([^']*)'$/.exec(raw);
  if (time) {
    const ms = Date.parse(time[2]!);
    if (!Number.isFinite(ms)) throw new QueryError(`The $filter value ${raw} is not a valid date and time.`);
    return { value: ms, isTime: true };
  }
  if (/^'.*'$/s.test(raw)) return { value: raw.slice(1, -1).replace(/''/g, "'"), isTime: false };
  if (raw === 'null') return { value: null, isTime: false };
  if (raw === 'true' || raw === 'false') return { value: raw === 'true', isTime: false };
  const n = Number(raw);
  if (Number.isFinite(n)) return { value: n, isTime: false };
  throw new QueryError(`The $filter value ${raw} is not understood.`);
}

/** Whether a record passes every condition; `get` reads a field (times as ms) or undefined when the entity lacks it. */
export function matches(conditions: readonly Condition[], get: (field: string) => Scalar | undefined): boolean {
  for (const c of conditions) {
    const v = get(c.field);
    if (v === undefined) throw new QueryError(`The $filter field ${c.field} is not a field of this entity.`);
    if (!compare(v, c.op, c.value)) return false;
  }
  return true;
}

function compare(a: Scalar, op: Condition['op'], b: Scalar): boolean {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a === null || b === null) return false;
  if (op === 'gt') return a > b;
  if (op === 'ge') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}

export interface Paging {
  top: number | null;
  skip: number;
}

export function pagingOf(query: URLSearchParams): Paging {
  const top = query.get('$top');
  const skip = query.get('$skip');
  const t = top === null ? null : Number(top);
  const s = skip === null ? 0 : Number(skip);
  if (t !== null && (!Number.isInteger(t) || t < 0)) throw new QueryError(`$top must be a whole number, not ${top}.`);
  if (!Number.isInteger(s) || s < 0) throw new QueryError(`$skip must be a whole number, not ${skip}.`);
  return { top: t, skip: s };
}

export function expandOf(query: URLSearchParams): Set<string> {
  return new Set(
    (query.get('$expand') ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  );
}

// ---- JSON conventions ----------------------------------------------------------------------------------------------

export const v = (value: unknown): { value: unknown } => ({ value });

/** Each field of a flat record wrapped as {"value": ...}. */
export function wrapAll(fields: Record<string, unknown>): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  for (const [k, x] of Object.entries(fields)) out[k] = v(x);
  return out;
}

/** The value inside a wrapped field: undefined when the field is absent, so a PUT leaves it alone. */
export function valueOf(field: unknown): unknown {
  if (field === undefined) return undefined;
  if (field === null || typeof field !== 'object' || !('value' in field)) return undefined;
  return (field as { value: unknown }).value;
}

/** Records an error on a wrapped field of a PUT body (Acumatica answers the body back with the errors placed in it). */
export class FieldErrors {
  count = 0;

  fail(holder: Record<string, unknown>, field: string, message: string): void {
    const current = holder[field];
    const box = current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : { value: current ?? null };
    holder[field] = { ...box, error: message };
    this.count++;
  }
}

// ---- failures ------------------------------------------------------------------------------------------------------

/** The ASP.NET HttpError body the API sends for 400, 401, 412 and 500. */
export function httpError(status: number, message: string, exceptionMessage?: string, exceptionType?: string): SandboxReply {
  const body: Record<string, unknown> = { message };
  if (exceptionMessage !== undefined) {
    body.exceptionMessage = exceptionMessage;
    body.exceptionType = exceptionType ?? 'PX.Data.PXException';
    body.stackTrace = null;
  }
  return { status, body };
}

export const notLoggedIn = (): SandboxReply => httpError(401, 'You are not logged in.', 'The user is not logged in to the system.', 'PX.Api.ContractBased.NotLoggedInException');

export const noEntity = (): SandboxReply =>
  httpError(500, 'An error has occurred.', 'No entity satisfies the condition.', 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');

export const badQuery = (err: QueryError): SandboxReply => httpError(500, 'An error has occurred.', err.message, 'PX.Api.ContractBased.OData.ODataException');
