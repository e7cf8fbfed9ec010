import type { z } from 'zod';
import { fieldMessage, issueView, issueViews, labelOfPath, type IssueView } from '../../src-preload/contract';

// A configuration file refused in the words of the screens: the item named as the file names it (a Reference by its
// name, a connection by its connector), the field as its form labels it, what to do. The schema's own path and text
// go to Details for whoever edits the file by hand.

const ITEMS: Readonly<Record<string, string>> = {
  connections: 'connection',
  references: 'Reference',
  caseFields: 'case field',
  templates: 'mapping template',
  rules: 'rule',
  emailTemplates: 'email template',
  schedules: 'schedule',
};

function lowerFirst(s: string): string {
  return s ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function itemName(item: unknown): string | null {
  if (typeof item !== 'object' || item === null) return null;
  const o = item as Record<string, unknown>;
  const name = [o.name, o.key, o.connectorId].find((v): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= 80);
  return name ?? null;
}

export interface Refusal {
  message: string;
  detail: string;
}

/** The first thing the file's schema refuses, worded; `labels` names a connection's fields (connector id -> key -> label). */
export function configFileRefusal(raw: unknown, error: z.ZodError, labels: (connectorId: string, key: string) => string | undefined = () => undefined): Refusal {
  const issue = issueViews(error)[0] ?? { path: '', message: 'This value is not accepted.' };
  const [list, index, ...rest] = issue.path.split('.');
  const noun = list ? ITEMS[list] : undefined;
  const detail = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(top)'}: ${i.message}`)
    .join('\n');
  if (!noun || index === undefined || !/^\d+$/.test(index)) {
    const field = issue.path ? labelOfPath(issue.path) : 'The file';
    return { message: `This configuration file cannot be imported: ${lowerFirst(fieldMessage(issue, field))}`, detail };
  }
  const item = (raw as Record<string, unknown[] | undefined>)[list!]?.[Number(index)];
  const name = itemName(item);
  const where = `the ${noun} ${name ? `"${name}"` : `number ${Number(index) + 1}`}`;
  const key = rest[0] === 'values' ? rest[1] : undefined;
  const connectorId = list === 'connections' && name ? name : undefined;
  const label = (connectorId && key && labels(connectorId, key)) || (rest.length ? labelOfPath(rest.join('.')) : `The ${noun}`);
  return { message: `This configuration file cannot be imported. In ${where}: ${fieldMessage(issue, label)}`, detail };
}

/**
 * A connection's values from a file checked as its form checks them (over what is stored and the defaults): the first
 * refusal about a field the file sets, worded, or null. Fields the file leaves out are not its business.
 */
export function connectionValuesRefusal(
  schema: z.ZodType,
  values: Record<string, unknown>,
  fileKeys: ReadonlySet<string>,
  fieldLabel: (key: string) => string | undefined,
): string | null {
  const parsed = schema.safeParse(values);
  if (parsed.success) return null;
  const mine: IssueView[] = parsed.error.issues.filter((i) => fileKeys.has(String(i.path[0] ?? ''))).map(issueView);
  const first = mine[0];
  if (!first) return null;
  const key = first.path.split('.')[0] ?? '';
  return `not applied: ${fieldMessage(first, fieldLabel(key) ?? labelOfPath(first.path))}`;
}
