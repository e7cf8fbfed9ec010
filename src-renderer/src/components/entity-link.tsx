import type { MouseEvent } from 'react';
import type { LogEntry } from '../../../src-preload/contract';
import { hrefOf, navigate, type Route } from '../app/router';

/** The page of a record a log line is about, for the records that have one; the others stay plain text. */
export function entityRoute(entityType: string | null, entityId: string | null): Route | null {
  if (!entityType || !entityId || !/^\d{1,15}$/.test(entityId)) return null;
  const id = Number(entityId);
  switch (entityType) {
    case 'case':
      return { name: 'cases', caseId: id };
    case 'customer':
      return { name: 'customers', customerId: id };
    case 'account':
      return { name: 'accounts', accountId: id };
    case 'department':
      return { name: 'departments', departmentId: id };
    case 'sync_run':
      return { name: 'run', runId: id };
    default:
      return null;
  }
}

const WORDS: Record<string, string> = { sync_run: 'run', account_contact: 'contact', price_override: 'price override' };

/** "case 1", "run 4", "contact 9": the record in the words of the screens. */
export function entityLabel(e: Pick<LogEntry, 'entityType' | 'entityId'>): string {
  if (!e.entityType && !e.entityId) return '';
  const type = e.entityType ? (WORDS[e.entityType] ?? e.entityType.replace(/_/g, ' ')) : '';
  return [type, e.entityId].filter(Boolean).join(' ');
}

/** A link to the record's page; a click on it opens that page and not the row it sits in. */
export function EntityLink({ entry, testId }: { entry: Pick<LogEntry, 'entityType' | 'entityId'>; testId?: string }) {
  const label = entityLabel(entry);
  if (!label) return <span className="sd-muted">—</span>;
  const route = entityRoute(entry.entityType, entry.entityId);
  if (!route) return <span title={label}>{label}</span>;
  const open = (e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    navigate(route);
  };
  return (
    <a href={hrefOf(route)} title={`Open ${label}`} data-testid={testId} onClick={open} onKeyDown={(e) => e.stopPropagation()}>
      {label}
    </a>
  );
}
