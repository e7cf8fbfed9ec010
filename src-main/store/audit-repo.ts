import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';
import type { AuditEntry, AuditPage } from '../../src-preload/contract';

export interface NewAuditEntry {
  at: number;
  actorId: number | null;
  actorEmail: string;
  channel: string;
  entity: string | null;
  /** Plain JSON values, secrets already masked; null where there is none. */
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  /** Entries older than this id (the previous page's nextCursor); null for the newest. */
  cursor: number | null;
  limit: number;
  actorId?: number | undefined;
  channel?: string | undefined;
  /** At or after, and before (ms). */
  from?: number | undefined;
  to?: number | undefined;
}

export interface RawAudit {
  id: number;
  at: number;
  actor_id: number | null;
  actor_email: string;
  channel: string;
  entity: string | null;
  before_json: string | null;
  after_json: string | null;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

export const auditRowOf = (e: NewAuditEntry) => ({
  at: e.at,
  actorId: e.actorId,
  actorEmail: e.actorEmail,
  channel: e.channel,
  entity: e.entity,
  before: json(e.before),
  after: json(e.after),
});

export function auditEntryOf(r: RawAudit): AuditEntry {
  return {
    id: Number(r.id),
    at: Number(r.at),
    actorId: r.actor_id === null ? null : Number(r.actor_id),
    actorEmail: r.actor_email,
    channel: r.channel,
    entity: r.entity,
    before: r.before_json === null ? null : JSON.parse(r.before_json),
    after: r.after_json === null ? null : JSON.parse(r.after_json),
  };
}

/** Newest first, one more row than asked read to know whether another page follows. */
export function auditPageOf(rows: RawAudit[], limit: number): AuditPage {
  const items = rows.slice(0, limit).map(auditEntryOf);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}

/** The audit trail: who changed what through the console, and when; read newest first, a page at a time. */
export function createAuditRepo(db: Db) {
  const insert = db.prepare(`
    INSERT INTO audit_log (at, actor_id, actor_email, channel, entity, before_json, after_json)
    VALUES (@at, @actorId, @actorEmail, @channel, @entity, @before, @after)`);
  const page = db.prepare(`
    SELECT * FROM audit_log
    WHERE (@cursor IS NULL OR id < @cursor) AND (@actorId IS NULL OR actor_id = @actorId) AND (@channel IS NULL OR channel = @channel)
      AND (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to)
    ORDER BY id DESC LIMIT @limit`);
  return {
    add(e: NewAuditEntry): number {
      return Number(insert.run(auditRowOf(e)).lastInsertRowid);
    },
    page(q: AuditQuery): AuditPage {
      const rows = page.all({ cursor: q.cursor, actorId: q.actorId ?? null, channel: q.channel ?? null, from: q.from ?? null, to: q.to ?? null, limit: q.limit + 1 }) as RawAudit[];
      return auditPageOf(rows, q.limit);
    },
  };
}

export type AuditRepo = AsyncRepo<ReturnType<typeof createAuditRepo>>;
