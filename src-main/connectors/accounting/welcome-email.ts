import { Liquid, type Template } from 'liquidjs';
import { AVAILABLE_TOKENS, REQUIRED_TOKENS, SAMPLE_VALUES, tokenInfo, type WelcomeMode } from './welcome-tokens';

export { AVAILABLE_TOKENS, REQUIRED_TOKENS, SAMPLE_VALUES, type TokenInfo, type WelcomeMode } from './welcome-tokens';

/**
 * The welcome email an imported customer gets (the reference's CUSTOMER_SYNC email): a subject, a plain-text body and
 * an optional HTML body, written by staff with Liquid tokens such as {{ email_address }}. Parsing and finding tokens is
 * liquidjs's (Liquid#parse and its static analysis), never a regular expression of ours.
 */
export const WELCOME_TEMPLATE_NAME = 'CUSTOMER_SYNC';
export const DEFAULT_WELCOME_SUBJECT = 'Your account has been created';

export interface WelcomeTemplate {
  name: string;
  subject: string;
  text: string;
  /** Empty: the email is plain text only. */
  html: string;
}

export type TemplatePart = 'subject' | 'text' | 'html';

export interface TemplateProblem {
  part: TemplatePart;
  kind: 'missing_token' | 'hidden_token' | 'unknown_token' | 'unavailable_token' | 'syntax' | 'render' | 'empty';
  message: string;
  token?: string;
  line?: number;
  column?: number;
}

export type WelcomeValues = Partial<Record<string, string | number | null>>;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string | null;
}

export class WelcomeTemplateError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(`The welcome email cannot be filled in: ${problems.map((p) => p.message).join(' ')}`);
    this.name = 'WelcomeTemplateError';
  }
}

// Lines 3 to 5 carry the tokens a customer signs in with, as in the reference's email; staff may edit the rest.
const TEXT_PASSWORD = `Hello {{ customer_name | default: "there" }},
Your account on our website has been created. Sign in with:
Email address: {{ email_address }}
Password: {{ password }}
Website: {{ url }}

Keep this email somewhere safe, or change the password once you have signed in.
{{ company_name }}
`;

const HTML_PASSWORD = `<p>Hello {{ customer_name | default: "there" }},</p>
<p>Your account on our website has been created. Sign in with:</p>
<p>Email address: <b>{{ email_address }}</b><br>
Password: <b>{{ password }}</b><br>
Website: <a href="{{ url }}">{{ url }}</a></p>
<p>Keep this email somewhere safe, or change the password once you have signed in.</p>
<p>{{ company_name }}</p>
`;

const TEXT_LINK = `Hello {{ customer_name | default: "there" }},
Your account on our website has been created. Your user name is {{ email_address }}.
Choose your password here (the link works once, for {{ set_password_expires_in }}):
{{ set_password_url }}
Then sign in at {{ url }}

{{ company_name }}
`;

const HTML_LINK = `<p>Hello {{ customer_name | default: "there" }},</p>
<p>Your account on our website has been created. Your user name is <b>{{ email_address }}</b>.</p>
<p><a href="{{ set_password_url }}">Choose your password</a> (the link works once, for {{ set_password_expires_in }}).</p>
<p>Then sign in at <a href="{{ url }}">{{ url }}</a></p>
<p>{{ company_name }}</p>
`;

export const DEFAULT_WELCOME_TEMPLATES: Record<WelcomeMode, WelcomeTemplate> = {
  password: { name: WELCOME_TEMPLATE_NAME, subject: DEFAULT_WELCOME_SUBJECT, text: TEXT_PASSWORD, html: HTML_PASSWORD },
  link: { name: WELCOME_TEMPLATE_NAME, subject: DEFAULT_WELCOME_SUBJECT, text: TEXT_LINK, html: HTML_LINK },
};

// No files (include/render/layout find nothing), no prototype walks, bounded time and memory: a template is staff's
// text, not code we trust. Strict variables: a misspelt token fails loudly instead of mailing a blank.
const SAFE = { strictVariables: true, strictFilters: true, lenientIf: true, ownPropertyOnly: true, templates: {}, parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 5_000_000 };
const plainEngine = new Liquid(SAFE);
const htmlEngine = new Liquid({ ...SAFE, outputEscape: 'escape' });
// "raw" would undo the escaping, and a customer's name from the accounting system could then carry markup.
htmlEngine.unregisterFilter('raw');
const engines: Record<TemplatePart, Liquid> = { subject: plainEngine, text: plainEngine, html: htmlEngine };

const PART_NAME: Record<TemplatePart, string> = { subject: 'the subject', text: 'the text', html: 'the HTML' };

function where(part: TemplatePart, line?: number, column?: number): string {
  if (line === undefined) return `In ${PART_NAME[part]}`;
  return `Line ${line}, column ${column ?? 1} of ${PART_NAME[part]}`;
}

/** liquidjs's messages, in staff's words; the position goes to `line`/`column`. */
function plainSyntax(err: unknown): { text: string; line?: number; column?: number } {
  const e = err as { message?: string; token?: { getPosition?: () => [number, number] }; originalError?: Error };
  const pos = e.token?.getPosition?.();
  const raw = String(e.originalError?.message ?? e.message ?? err).split('\n')[0]!.replace(/, line:\d+, col:\d+$/, '');
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^output "(.*)" not closed/, (m) => `a token is not closed: "${m[1]}" needs "}}"`],
    [/^tag "(.*)" not closed/, (m) => `a tag is not closed: "${m[1]}" needs "%}"`],
    [/^tag (\{%.*%\}) not closed/, (m) => `${m[1]} has no closing tag (such as {% endif %})`],
    [/^tag "(\w+)" not found/, (m) => `there is no tag "${m[1]}" (misspelt, or a closing tag without its opening one)`],
    [/^undefined filter: raw$/, () => 'the "raw" filter is not allowed in the HTML: it would turn off the escaping of customer data'],
    [/^undefined filter: (\S+)/, (m) => `there is no filter "${m[1]}"`],
    [/^ENOENT/, () => 'other templates ({% include %}, {% render %}, {% layout %}) cannot be used in emails'],
    [/limit exceeded/, () => 'the template takes too long or too much memory to fill in (a loop that is too large?)'],
  ];
  const rule = rules.find(([re]) => re.test(raw));
  return { text: rule ? rule[1](raw.match(rule[0])!) : raw, line: pos?.[0], column: pos?.[1] };
}

function closest(name: string, mode: WelcomeMode): string | undefined {
  let best: { token: string; d: number } | undefined;
  for (const t of AVAILABLE_TOKENS) {
    if (!t.modes.includes(mode)) continue;
    const d = editDistance(name.toLowerCase(), t.name);
    if (d <= 2 && (!best || d < best.d)) best = { token: t.name, d };
  }
  return best?.token;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** Values a render sees: the mode's tokens only (another mode's token stays undefined and fails), optional ones blank. */
function scopeFor(mode: WelcomeMode, values: WelcomeValues): Record<string, string> {
  const scope: Record<string, string> = {};
  for (const t of AVAILABLE_TOKENS) {
    if (!t.modes.includes(mode)) continue;
    const v = values[t.name];
    scope[t.name] = v === null || v === undefined ? '' : String(v);
  }
  return scope;
}

function checkPart(part: TemplatePart, source: string, mode: WelcomeMode): TemplateProblem[] {
  const engine = engines[part];
  let parsed: Template[];
  try {
    parsed = engine.parse(source);
  } catch (err) {
    const s = plainSyntax(err);
    return [{ part, kind: 'syntax', message: `${where(part, s.line, s.column)}: ${s.text}.`, line: s.line, column: s.column }];
  }
  const problems: TemplateProblem[] = [];
  const globals = engine.analyzeSync(parsed, { partials: false }).globals;
  for (const [name, uses] of Object.entries(globals)) {
    const at = uses[0]?.location;
    const info = tokenInfo(name);
    const pos = { token: name, line: at?.row, column: at?.col };
    if (!info) {
      const hint = closest(name, mode);
      const message = `${where(part, at?.row, at?.col)}: "${name}" is not an available token${hint ? `; did you mean {{ ${hint} }}?` : '. See the list of Available Tokens.'}`;
      problems.push({ part, kind: 'unknown_token', message, ...pos });
    } else if (!info.modes.includes(mode)) {
      const instead = mode === 'link' ? 'the customer chooses a password through {{ set_password_url }}' : 'the email carries {{ password }} instead';
      const message = `${where(part, at?.row, at?.col)}: {{ ${name} }} has no value when ${mode === 'link' ? 'customers get a set-password link' : 'the email carries the password'}; ${instead}.`;
      problems.push({ part, kind: 'unavailable_token', message, ...pos });
    }
  }
  const required = part === 'subject' ? [] : REQUIRED_TOKENS[mode];
  for (const name of required) {
    if (globals[name]) continue;
    const message = `${where(part)}: the {{ ${name} }} token is missing. ${tokenInfo(name)!.why}`;
    problems.push({ part, kind: 'missing_token', message, token: name });
  }
  if (problems.length > 0) return problems;
  // Present is not enough: inside a condition that is never true, or altered by a filter, it would not reach the customer.
  let output: string;
  try {
    output = engine.renderSync(parsed, scopeFor(mode, SAMPLE_VALUES[mode]));
  } catch (err) {
    const s = plainSyntax(err);
    return [{ part, kind: 'render', message: `${where(part, s.line, s.column)}: ${s.text}.`, line: s.line, column: s.column }];
  }
  for (const name of required) {
    if (output.includes(String(SAMPLE_VALUES[mode][name]))) continue;
    const message = `${where(part)}: {{ ${name} }} is there but does not reach the email as written (inside a condition, or changed by a filter). ${tokenInfo(name)!.why}`;
    problems.push({ part, kind: 'hidden_token', message, token: name });
  }
  return problems;
}

/**
 * What is wrong with a welcome email, in plain words, before it is saved or sent: a required token missing from a
 * body (password mode: email_address, password, url; link mode: email_address, url, set_password_url), a token that
 * does not exist or has no value in this mode, a syntax error with its line and column. Empty: it is fine.
 */
export function validateTemplate(subject: string, body: string | { text: string; html?: string | null }, mode: WelcomeMode): TemplateProblem[] {
  const { text, html } = typeof body === 'string' ? { text: body, html: '' } : { text: body.text, html: body.html ?? '' };
  const problems: TemplateProblem[] = [];
  if (subject.trim() === '') problems.push({ part: 'subject', kind: 'empty', message: 'The subject is empty: customers would get an email without one.' });
  else problems.push(...checkPart('subject', subject, mode));
  problems.push(...checkPart('text', text, mode));
  if (html.trim() !== '') problems.push(...checkPart('html', html, mode));
  return problems;
}

/** Which mode these values are for: a set-password link or a password (exactly one of them). */
function modeOf(values: WelcomeValues): WelcomeMode {
  const hasLink = !!values.set_password_url;
  const hasPassword = !!values.password;
  if (hasLink === hasPassword) throw new WelcomeTemplateError([{ part: 'text', kind: 'render', message: 'Give either a password or a set-password link, not both or neither.' }]);
  return hasLink ? 'link' : 'password';
}

/**
 * Fills in the email for one customer. Strict: a token without a value fails (WelcomeTemplateError) rather than
 * mailing a blank; the HTML body escapes every value. Line breaks are taken out of the subject.
 */
/**
 * A bulk import renders the same template thousands of times: its check (analysis and a trial render) and its parsed
 * parts are kept for the few templates seen last, keyed by their whole text.
 */
const CHECKED_KEEP = 8;
const checked = new Map<string, { problems: TemplateProblem[]; parsed: Partial<Record<TemplatePart, ReturnType<Liquid['parse']>>> }>();

function checkedTemplate(template: Pick<WelcomeTemplate, 'subject' | 'text' | 'html'>, mode: WelcomeMode) {
  const key = JSON.stringify([mode, template.subject, template.text, template.html]);
  let entry = checked.get(key);
  if (!entry) {
    entry = { problems: validateTemplate(template.subject, { text: template.text, html: template.html }, mode), parsed: {} };
    checked.set(key, entry);
    if (checked.size > CHECKED_KEEP) checked.delete(checked.keys().next().value!);
  }
  return entry;
}

export function renderWelcomeEmail(template: Pick<WelcomeTemplate, 'subject' | 'text' | 'html'>, values: WelcomeValues): RenderedEmail {
  const mode = modeOf(values);
  const entry = checkedTemplate(template, mode);
  const problems = [...entry.problems];
  const missing = REQUIRED_TOKENS[mode].filter((t) => !values[t]);
  for (const t of missing) problems.push({ part: 'text', kind: 'missing_token', token: t, message: `There is no value for {{ ${t} }}.` });
  if (problems.length > 0) throw new WelcomeTemplateError(problems);
  const scope = scopeFor(mode, values);
  const fill = (part: TemplatePart, source: string) => {
    try {
      const parsed = (entry.parsed[part] ??= engines[part].parse(source));
      return engines[part].renderSync(parsed, scope) as string;
    } catch (err) {
      const s = plainSyntax(err);
      throw new WelcomeTemplateError([{ part, kind: 'render', message: `${where(part, s.line, s.column)}: ${s.text}.`, line: s.line, column: s.column }]);
    }
  };
  return {
    subject: fill('subject', template.subject).replace(/\s*[\r\n]+\s*/g, ' ').trim(),
    text: fill('text', template.text),
    html: template.html.trim() === '' ? null : fill('html', template.html),
  };
}

export interface WelcomePreview {
  mode: WelcomeMode;
  problems: TemplateProblem[];
  /** The email with the sample values; null where a part cannot be filled in (see problems). */
  subject: string | null;
  text: string | null;
  html: string | null;
}

/** The email as a customer would get it, with sample values, beside what is wrong with it: for the editor's preview. */
export function previewWelcomeEmail(template: Pick<WelcomeTemplate, 'subject' | 'text' | 'html'>, mode: WelcomeMode = 'password'): WelcomePreview {
  const problems = validateTemplate(template.subject, { text: template.text, html: template.html }, mode);
  // Lenient here: an unknown token shows blank in the preview, and the problem list says why.
  const scope = scopeFor(mode, SAMPLE_VALUES[mode]);
  const fill = (part: TemplatePart, source: string): string | null => {
    try {
      return engines[part].parseAndRenderSync(source, scope, { strictVariables: false }) as string;
    } catch {
      return null;
    }
  };
  return {
    mode,
    problems,
    subject: fill('subject', template.subject)?.replace(/\s*[\r\n]+\s*/g, ' ').trim() ?? null,
    text: fill('text', template.text),
    html: template.html.trim() === '' ? null : fill('html', template.html),
  };
}
