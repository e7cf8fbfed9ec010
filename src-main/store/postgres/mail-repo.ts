import { toSent, toTemplate, type MailRepo, type RawSent, type RawTemplate } from '../mail-repo';
import type { PgSession } from './pg-session';

const SENT = `SELECT m.*, j.status AS job_status, j.last_error AS job_error, j.attempts AS attempts FROM sent_mail m LEFT JOIN jobs j ON j.id = m.job_id`;
const TEMPLATE = `SELECT key, subject, text_body, html_body, updated_at FROM email_templates`;

/** Email templates and the record of sent mail on PostgreSQL (recipient, subject, outcome; never a body). */
export function createPgMailRepo(db: PgSession): MailRepo {
  const sent = async (where: string, params: unknown[]) => {
    const r = await db.one<RawSent>(`${SENT} WHERE ${where} ORDER BY m.id DESC LIMIT 1`, params);
    return r ? toSent(r) : null;
  };
  return {
    async template(key) {
      const r = await db.one<RawTemplate>(`${TEMPLATE} WHERE key = $1`, [key]);
      return r ? toTemplate(r) : null;
    },
    templates: async () => (await db.rows<RawTemplate>(`${TEMPLATE} ORDER BY key COLLATE "C"`)).map(toTemplate),
    async saveTemplate(t, now) {
      await db.query(
        `INSERT INTO email_templates (key, subject, text_body, html_body, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET subject = excluded.subject, text_body = excluded.text_body, html_body = excluded.html_body, updated_at = excluded.updated_at`,
        [t.key, t.subject, t.text, t.html, now]);
    },
    queue: async (m, now) =>
      (await db.one<{ id: number }>(
        `INSERT INTO sent_mail (kind, customer_id, contact_id, to_address, subject, job_id, queued_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [m.kind, m.customerId, m.contactId ?? null, m.to, m.subject, m.jobId, now]))!.id,
    async attachJob(id, jobId) {
      await db.query(`UPDATE sent_mail SET job_id = $2 WHERE id = $1`, [id, jobId]);
    },
    async markSent(id, m, now) {
      await db.query(`UPDATE sent_mail SET sent_at = $2, message_id = $3, subject = $4, to_address = $5, error = NULL WHERE id = $1`, [id, now, m.messageId, m.subject, m.to]);
    },
    get: async (id) => await sent('m.id = $1', [id]),
    latestFor: async (customerId, kind) => await sent('m.customer_id = $1 AND m.kind = $2', [customerId, kind]),
    latestForContact: async (contactId, kind) => await sent('m.contact_id = $1 AND m.kind = $2', [contactId, kind]),
    async page(after, limit) {
      const rows = (await db.rows<RawSent>(`${SENT} WHERE ($1::bigint IS NULL OR m.id < $1) ORDER BY m.id DESC LIMIT $2`, [after, limit + 1])).map(toSent);
      const out = rows.slice(0, limit);
      return { rows: out, next: rows.length > limit ? out[out.length - 1]!.id : null };
    },
  };
}
