import type { CaseAddress, CaseStatus, CaseView, LogEntry } from '../../../../src-preload/contract';

export const CASE_STATUS_LABEL: Record<CaseStatus, string> = {
  new: 'New',
  open: 'Open',
  in_progress: 'In progress',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const CASE_STATUS_INTENT = {
  new: 'primary',
  open: 'primary',
  in_progress: 'warning',
  on_hold: 'none',
  resolved: 'success',
  closed: 'none',
} as const satisfies Record<CaseStatus, string>;

/** "Street 12, 1000 City" from whichever parts are present, with the site code when there is one. */
export function caseAddressLine(a: CaseAddress | null): string {
  if (!a) return '';
  const street = [a.street, a.number].filter(Boolean).join(' ');
  const place = [a.postalCode, a.city].filter(Boolean).join(' ');
  return [a.name, street, place, a.country].filter(Boolean).join(', ');
}

/** Log lines name a case by its id ("12") or its job key ("case-12"). */
export function isAboutCase(entry: Pick<LogEntry, 'entityType' | 'entityId'>, caseId: number): boolean {
  if (entry.entityType !== 'case' || !entry.entityId) return false;
  return entry.entityId === String(caseId) || entry.entityId === `case-${caseId}`;
}
