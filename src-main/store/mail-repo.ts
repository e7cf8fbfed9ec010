import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

export interface EmailTemplateRow {
  key: string;
  subject: string;
  text: string;
  html: string | null;
  updatedAt: number;
}

export interface SentMailRow {
  id: number;
  kind: string;
  customerId: number | null;
  to: string;
  subject: string;
  jobId: number | null;
  queuedAt: number;
  sentAt: number | null;
  messageId: string | null;
  error: string | null;
  /** From the job that sends it: pending/running while queued, failed or dead when it gave up. */
  jobStatus: string | null;
  attempts: number;
}

export interface RawSent {
  id: number;
  kind: string;
  customer_id: number | null;
  to_address: string;
  subject: string;
  job_id: number | null;
  queued_at: number;
  sent_at: number | null;
  message_id: string | null;
  error: string | null;
  job_status: string | null;
  job_error: string | null;
  attempts: number | null;
}

export const toSent = (r: RawSent): SentMailRow => ({
  id: r.id,
  kind: r.kind,
  customerId: r.customer_id,
  to: r.to_address,
  subject: r.subject,
  jobId: r.job_id,
  queuedAt: r.queued_at,
  sentAt: r.sent_at,
  messageId: r.message_id,
  error: r.error ?? (r.sent_at === null ? r.job_error : null),
  jobStatus: r.job_status,
  attempts: r.attempts ?? 0,
});

export type RawTemplate = { key: string; subject: string; text_body: string; html_body: string | null; updated_at: number };
export const toTemplate = (r: RawTemplate): EmailTemplateRow => ({ key: r.key, subject: r.subject, text: r.text_body, html: r.html_body, updatedAt: r.updated_at });

/** Email content staff edit, and the record of what was sent (recipient, subject, outcome; never a body). */
export function createMailRepo(db: Db) {
  const getTemplate = db.prepare(`SELECT key, subject, text_body, html_body, updated_at FROM email_templates WHERE key = ?`);
  const putTemplate = db.prepare(`INSERT INTO email_templates (key, subject, text_body, html_body, updated_at) VALUES (@key, @subject, @text, @html, @now)
    ON CONFLICT (key) DO UPDATE SET subject = excluded.subject, text_body = excluded.text_body, html_body = excluded.html_body, updated_at = excluded.updated_at`);
  const allTemplates = db.prepare(`SELECT key, subject, text_body, html_body, updated_at FROM email_templates ORDER BY key`);
  const SENT = `SELECT m.*, j.status AS job_status, j.last_error AS job_error, j.attempts AS attempts FROM sent_mail m LEFT JOIN jobs j ON j.id = m.job_id`;
  const queue = db.prepare(`INSERT INTO sent_mail (kind, customer_id, contact_id, to_address, subject, job_id, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const setJob = db.prepare(`UPDATE sent_mail SET job_id = ? WHERE id = ?`);
  const sent = db.prepare(`UPDATE sent_mail SET sent_at = ?, message_id = ?, subject = ?, to_address = ?, error = NULL WHERE id = ?`);
  const byId = db.prepare(`${SENT} WHERE m.id = ?`);
  const latestFor = db.prepare(`${SENT} WHERE m.customer_id = ? AND m.kind = ? ORDER BY m.id DESC LIMIT 1`);
  const latestForContact = db.prepare(`${SENT} WHERE m.contact_id = ? AND m.kind = ? ORDER BY m.id DESC LIMIT 1`);
  const page = db.prepare(`${SENT} WHERE (@after IS NULL OR m.id < @after) ORDER BY m.id DESC LIMIT @limit`);

  return {
    template(key: string): EmailTemplateRow | null {
      const r = getTemplate.get(key) as RawTemplate | undefined;
      return r ? toTemplate(r) : null;
    },
    /** Every saved email template (those never edited are not here: their text is the connector's default). */
    templates(): EmailTemplateRow[] {
      return (allTemplates.all() as RawTemplate[]).map(toTemplate);
    },
    saveTemplate(t: Omit<EmailTemplateRow, 'updatedAt'>, now: number): void {
      putTemplate.run({ key: t.key, subject: t.subject, text: t.text, html: t.html, now });
    },
    /** A message queued for sending (in the transaction that queues its job). */
    queue(m: { kind: string; customerId: number | null; contactId?: number | null; to: string; subject: string; jobId: number | null }, now: number): number {
      return Number(queue.run(m.kind, m.customerId, m.contactId ?? null, m.to, m.subject, m.jobId, now).lastInsertRowid);
    },
    attachJob(id: number, jobId: number): void {
      setJob.run(jobId, id);
    },
    /** The server took it: when, its Message-ID, and the subject and recipient as sent. */
    markSent(id: number, m: { messageId: string | null; subject: string; to: string }, now: number): void {
      sent.run(now, m.messageId, m.subject, m.to, id);
    },
    get(id: number): SentMailRow | null {
      const r = byId.get(id) as RawSent | undefined;
      return r ? toSent(r) : null;
    },
    latestFor(customerId: number, kind: string): SentMailRow | null {
      const r = latestFor.get(customerId, kind) as RawSent | undefined;
      return r ? toSent(r) : null;
    },
    /** The newest email of the kind to a B2B account's contact. */
    latestForContact(contactId: number, kind: string): SentMailRow | null {
      const r = latestForContact.get(contactId, kind) as RawSent | undefined;
      return r ? toSent(r) : null;
    },
    page(after: number | null, limit: number): { rows: SentMailRow[]; next: number | null } {
      const rows = (page.all({ after, limit: limit + 1 }) as RawSent[]).map(toSent);
      const more = rows.length > limit;
      const out = rows.slice(0, limit);
      return { rows: out, next: more ? out[out.length - 1]!.id : null };
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type MailRepo = AsyncRepo<ReturnType<typeof createMailRepo>>;
