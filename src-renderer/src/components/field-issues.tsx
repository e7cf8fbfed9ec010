import { fieldMessage, labelOfPath, type AppError, type IssueView } from '../../../src-preload/contract';
import { withoutRemoteWords } from './remote-words';

// The one way a form words the contract's issues: the field named as the screen labels it (fieldMessage in the
// contract), next to the field where the form has one, in a list under the headline where it has none; technical
// detail under a "Details" disclosure.

/** Field labels by key, or a function for forms whose fields are data (connection settings, case fields). */
export type Labels = Readonly<Record<string, string>> | ((key: string) => string | undefined);

const WRAPPERS = new Set(['values', 'patch', 'input', 'settings']);

/** The form key an issue is about: "values.costCode" -> "costCode", "rows.2.source" -> "rows". */
export function keyOfPath(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  return (parts.length > 1 && WRAPPERS.has(parts[0]!) ? parts[1] : parts[0]) ?? '';
}

export function labelFor(path: string, labels?: Labels): string {
  const key = keyOfPath(path);
  const known = typeof labels === 'function' ? labels(key) : labels?.[key];
  return known ?? labelOfPath(path);
}

export function issueText(issue: IssueView, labels?: Labels): string {
  return fieldMessage(issue, labelFor(issue.path, labels));
}

/** The messages for one field, joined, or undefined when it has none (for a FormGroup's helperText). */
export function messageFor(issues: readonly IssueView[] | undefined, key: string, labels?: Labels): string | undefined {
  const mine = (issues ?? []).filter((i) => keyOfPath(i.path) === key);
  return mine.length ? mine.map((i) => issueText(i, labels)).join(' ') : undefined;
}

/** Issues split by the fields a form shows beside themselves, worded; the rest stay for a list. */
export function placeByField<K extends string>(issues: readonly IssueView[] | undefined, keys: readonly K[], labels?: Labels) {
  const byField: Partial<Record<K, string[]>> = {};
  const other: IssueView[] = [];
  const known = new Set<string>(keys);
  for (const issue of issues ?? []) {
    const key = keyOfPath(issue.path);
    if (known.has(key)) (byField[key as K] ??= []).push(issueText(issue, labels));
    else other.push(issue);
  }
  return { byField, other };
}

export function IssueLines({ issues, labels, testId }: { issues: readonly IssueView[]; labels?: Labels; testId?: string }) {
  if (issues.length === 0) return null;
  return (
    <ul className="sd-issues" data-testid={testId}>
      {issues.map((i) => (
        <li key={`${i.path}:${i.message}`}>{i.path ? issueText(i, labels) : i.message}</li>
      ))}
    </ul>
  );
}

export function ErrorDetails({ detail }: { detail: string | undefined }) {
  if (!detail) return null;
  return (
    <details className="sd-error-details" data-testid="error-details">
      <summary>Details</summary>
      <pre>{detail}</pre>
    </details>
  );
}

/** A refused call's headline, the issues no field shows, and its details: the body of a form's error callout. */
export function ErrorBody({ error, other, labels }: { error: AppError; other?: readonly IssueView[]; labels?: Labels }) {
  return (
    <>
      {error.message}
      <IssueLines issues={other ?? []} labels={labels} />
      <ErrorDetails detail={error.detail} />
    </>
  );
}

// System error codes as the engine appends them to a reason: "connection refused (ECONNREFUSED)".
const ERRNO = /\s*\((?:E[A-Z]{2,}|UND_ERR_[A-Z_]+|TIMEOUT|fetch failed)\)/g;

/**
 * A recorded reason split for a headline: the plain words, and the whole text for Details when anything was cut out
 * (the system's codes, the remote's own quoted words).
 */
export function headlineAndDetail(message: string): { headline: string; detail: string | undefined } {
  const plain = message.replace(ERRNO, '');
  const headline = withoutRemoteWords(plain) ?? plain;
  return { headline, detail: headline === message ? undefined : message };
}

/** A recorded reason in a list or headline, its whole text under "Details" when codes were cut out. */
export function PlainReason({ text, className, testId }: { text: string; className?: string; testId?: string }) {
  const { headline, detail } = headlineAndDetail(text);
  return (
    <div className={className} data-testid={testId}>
      {headline}
      <ErrorDetails detail={detail} />
    </div>
  );
}
