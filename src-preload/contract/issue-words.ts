import type { z } from 'zod';
import type { IssueRule, IssueView } from './errors';

// One wording for what a schema refuses, used wherever a zod error becomes an IssueView (the router, settings,
// the platform API). The message stands alone, in plain words; `rule` and `limit` let a screen put the field's
// label in front ("Name can be at most 120 characters.") without reading the message.

type ZodIssue = z.core.$ZodIssue;

/**
 * A schema's own message is kept when it is a sentence written for people; zod's defaults ("Too small: expected…")
 * and lower-case fragments ("required", "a valid email address") are replaced by the rule's wording.
 */
const ZOD_DEFAULT = /^(Too (small|big)|Invalid|Expected|Unrecognized key|Number must|String must)/;
const FOR_PEOPLE = /^[A-Z"]/;

function ruleOf(issue: ZodIssue): { rule: IssueRule; limit?: number; message: string } {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return { rule: 'required', message: 'This is required.' };
      return issue.expected === 'number' || issue.expected === 'int'
        ? { rule: 'number', message: 'Enter a number.' }
        : { rule: 'format', message: 'This value is not of the right kind.' };
    case 'too_small': {
      const limit = Number(issue.minimum);
      if (issue.origin === 'string')
        return limit <= 1 ? { rule: 'required', message: 'This is required.' } : { rule: 'too_short', limit, message: `Use at least ${limit} characters.` };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { rule: 'too_few', limit, message: limit <= 1 ? 'Add at least one.' : `Add at least ${limit}.` };
      return { rule: 'too_small', limit, message: `Use ${limit} or more.` };
    }
    case 'too_big': {
      const limit = Number(issue.maximum);
      if (issue.origin === 'string') return { rule: 'too_long', limit, message: `Use at most ${limit} characters.` };
      if (issue.origin === 'array' || issue.origin === 'set') return { rule: 'too_many', limit, message: `Use at most ${limit}.` };
      return { rule: 'too_big', limit, message: `Use ${limit} or less.` };
    }
    case 'invalid_format':
      if (issue.format === 'email') return { rule: 'email', message: 'This is not an email address (name@example.org).' };
      if (issue.format === 'url') return { rule: 'url', message: 'This is not a web address (https://…).' };
      return { rule: 'format', message: 'This is not in the expected form.' };
    case 'invalid_value':
    case 'invalid_union':
      return { rule: 'choice', message: 'Choose one of the offered values.' };
    case 'not_multiple_of':
      return { rule: 'number', message: 'Enter a whole number.' };
    case 'unrecognized_keys':
      return { rule: 'unknown', message: `SyncDesk does not know ${issue.keys.length === 1 ? 'this setting' : 'these settings'}: ${issue.keys.join(', ')}.` };
    default:
      return { rule: 'format', message: 'This value is not accepted.' };
  }
}

/** A zod issue as the renderer shows it; a message the schema wrote for people is kept as it is. */
export function issueView(issue: ZodIssue): IssueView {
  const path = issue.path.map(String).join('.');
  const { rule, limit, message } = ruleOf(issue);
  const custom = issue.message && FOR_PEOPLE.test(issue.message) && !ZOD_DEFAULT.test(issue.message) ? issue.message : expectation(issue);
  if (custom) return { path, message: custom };
  return limit === undefined ? { path, message, rule } : { path, message, rule, limit };
}

/**
 * A schema fragment that says what is expected ("a two-letter country code, e.g. US", "lower-case letters, digits
 * and _") is the most useful thing to show for a format; it becomes an instruction. For length and presence the
 * rule's wording is clearer than the fragment ("required").
 */
function expectation(issue: ZodIssue): string | null {
  const m = issue.message?.trim();
  if (!m || ZOD_DEFAULT.test(m) || m.split(/\s+/).length <= 2) return null;
  const sentence = /^(an? |lower-case|letters|digits)/.test(m) ? `Use ${m}` : m[0]!.toUpperCase() + m.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export function issueViews(error: z.ZodError): IssueView[] {
  return error.issues.map(issueView);
}

/**
 * An issue in the words of the screen: the field named as its label is, and what to do. Every form uses this, beside
 * the field and in a list of the issues no field shows.
 */
export function fieldMessage(issue: IssueView, label: string): string {
  const n = issue.limit;
  // A length reads as the console's other counts do: grouped (4,096). A value limit stays as typed (a port, 65535).
  const chars = n === undefined ? undefined : n.toLocaleString('en-US');
  switch (issue.rule) {
    case 'required':
      return `${label} is required: fill it in.`;
    case 'too_long':
      return `${label} can be at most ${chars} characters: shorten it.`;
    case 'too_short':
      return `${label} needs at least ${chars} characters.`;
    case 'too_small':
      return `${label} must be ${n} or more.`;
    case 'too_big':
      return `${label} must be ${n} or less.`;
    case 'too_few':
      return `${label}: add at least ${n && n > 1 ? n : 'one'}.`;
    case 'too_many':
      return `${label}: keep at most ${n}.`;
    case 'number':
      return `${label} must be a number.`;
    case 'email':
      return `${label} is not an email address: check it (name@example.org).`;
    case 'url':
      return `${label} is not a web address: it starts with https://.`;
    case 'choice':
      return `${label}: choose one of the offered values.`;
    default: {
      const message = tidy(issue.message);
      return message.toLowerCase().replace(/^the /, '').startsWith(label.toLowerCase()) ? message : `${label}: ${lowerFirst(message)}`;
    }
  }
}

/** A path as words when no label is known: "rows.2.source" -> "Row 3 source", "values.costCode" -> "Cost code". */
export function labelOfPath(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (/^\d+$/.test(p)) continue;
    const next = parts[i + 1];
    const human = p.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
    if (next !== undefined && /^\d+$/.test(next)) words.push(`${singular(human)} ${Number(next) + 1}`);
    else if (!(i === 0 && (p === 'values' || p === 'input' || p === 'patch'))) words.push(human);
  }
  const text = words.join(' ').trim() || 'This form';
  return text[0]!.toUpperCase() + text.slice(1);
}

function singular(word: string): string {
  return word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;
}

/** Sentences start with a capital and end with a stop; an internal zero-based "rows.0.x:" prefix is dropped. */
function tidy(message: string): string {
  const m = message.replace(/^[a-z]+(\.\d+)+(\.[a-zA-Z]+)*:\s*/, '').trim();
  if (!m) return 'This value is not accepted.';
  return /[.!?)]$/.test(m) ? m : `${m}.`;
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}
