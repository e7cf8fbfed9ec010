// The accounting connector's rows as both stores read them: the link (accounting_links) and an imported customer
// with its latest welcome email, from the same SELECT on SQLite and PostgreSQL.
import { WELCOME_MAIL_KIND } from './ids';

export type LinkState = 'flagged' | 'unflagged' | 'deleted';

export interface AccountingLinkRow {
  customerId: number;
  accountingUuid: string;
  accountNumber: string;
  state: LinkState;
  versionNumber: number | null;
  importedAt: number;
}

export interface ImportedCustomerRow extends AccountingLinkRow {
  email: string;
  firstName: string;
  lastName: string;
  company: string | null;
  welcome: { jobStatus: string | null; sentAt: number | null; queuedAt: number | null; error: string | null } | null;
}

export interface RawLink {
  customer_id: number;
  accounting_uuid: string;
  account_number: string;
  state: LinkState;
  version_number: number | null;
  imported_at: number;
}

export type RawImported = RawLink & { email: string; first_name: string; last_name: string; company: string | null; job_status: string | null; sent_at: number | null; queued_at: number | null; error: string | null };

export const toLink = (r: RawLink): AccountingLinkRow => ({
  customerId: r.customer_id,
  accountingUuid: r.accounting_uuid,
  accountNumber: r.account_number,
  state: r.state,
  versionNumber: r.version_number,
  importedAt: r.imported_at,
});

export const toImported = (r: RawImported): ImportedCustomerRow => ({
  ...toLink(r),
  email: r.email,
  firstName: r.first_name,
  lastName: r.last_name,
  company: r.company,
  welcome: r.queued_at === null ? null : { jobStatus: r.job_status, sentAt: r.sent_at, queuedAt: r.queued_at, error: r.error },
});

/** An imported customer with its latest welcome email and that email's job: the start of every listing's query. */
export const IMPORTED_SELECT = `SELECT l.*, c.email, c.first_name, c.last_name, c.company,
    m.job_status, m.sent_at, m.queued_at, m.error FROM accounting_links l JOIN customers c ON c.id = l.customer_id
  LEFT JOIN (SELECT s.customer_id, j.status AS job_status, s.sent_at, s.queued_at, COALESCE(s.error, CASE WHEN s.sent_at IS NULL THEN j.last_error END) AS error
    FROM sent_mail s LEFT JOIN jobs j ON j.id = s.job_id
    WHERE s.id IN (SELECT MAX(id) FROM sent_mail WHERE kind = '${WELCOME_MAIL_KIND}' GROUP BY customer_id)) m ON m.customer_id = l.customer_id`;
