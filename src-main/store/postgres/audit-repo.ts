import { auditPageOf, auditRowOf, type AuditQuery, type AuditRepo, type NewAuditEntry, type RawAudit } from '../audit-repo';
import type { PgSession } from './pg-session';

export function createPgAuditRepo(db: PgSession): AuditRepo {
  return {
    async add(e: NewAuditEntry) {
      const r = auditRowOf(e);
      const row = await db.one<{ id: string }>(
        `INSERT INTO audit_log (at, actor_id, actor_email, channel, entity, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [r.at, r.actorId, r.actorEmail, r.channel, r.entity, r.before, r.after],
      );
      return Number(row!.id);
    },
    async page(q: AuditQuery) {
      const rows = await db.rows<RawAudit>(
        `SELECT * FROM audit_log
         WHERE ($1::bigint IS NULL OR id < $1) AND ($2::bigint IS NULL OR actor_id = $2) AND ($3::text IS NULL OR channel = $3)
           AND ($5::bigint IS NULL OR at >= $5) AND ($6::bigint IS NULL OR at < $6)
         ORDER BY id DESC LIMIT $4`,
        [q.cursor, q.actorId ?? null, q.channel ?? null, q.limit + 1, q.from ?? null, q.to ?? null],
      );
      return auditPageOf(rows, q.limit);
    },
  };
}
