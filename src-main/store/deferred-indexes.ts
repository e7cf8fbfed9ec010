// A bulk load into an empty table without its secondary indexes: inserting 100,000 rows into a random-order index
// dirties most of its leaf pages in every commit, so each page-sized commit rewrote the index nearly whole; building
// the index once afterwards is a single sorted pass. The definitions are kept in `deferred_indexes`, committed with
// the drop, and `restore()` builds them again (at the end of the load, or at the next start after a crash).
import type Database from 'better-sqlite3';

/** Tables whose indexes a load may set aside (a table name is never taken from input). */
const DEFERRABLE = new Set(['cerm_customers', 'addresses']);

export function createDeferredIndexes(db: Database.Database) {
  // Statements are prepared when used: a connection opened on an older schema (a migration test) has no
  // deferred_indexes yet, and each method runs once a load or a start.
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

  return {
    /**
     * In the caller's transaction: when `table` holds no row, drops its secondary indexes (keeping their definitions)
     * and answers true; a table with rows keeps them (its load is an update, mostly of rows left as they are).
     */
    deferIfEmpty(table: string): boolean {
      return this.deferIfFewerThan(table, 1);
    },
    /**
     * The same for a table holding fewer than `rows` rows: a load at least that large rewrites most of such a table's
     * index pages in every commit, and building the index again afterwards is one sorted pass over what it holds.
     */
    deferIfFewerThan(table: string, rows: number): boolean {
      if (!DEFERRABLE.has(table)) throw new Error(`${table} is not a table whose indexes may be deferred`);
      const held = db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM ${quoted(table)} LIMIT ?)`).pluck().get(rows) as number;
      if (held >= rows) return false;
      const indexes = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`).all(table) as { name: string; sql: string }[];
      const record = db.prepare(`INSERT OR REPLACE INTO deferred_indexes (name, table_name, sql) VALUES (?, ?, ?)`);
      for (const i of indexes) {
        record.run(i.name, table, i.sql);
        db.exec(`DROP INDEX ${quoted(i.name)}`);
      }
      return indexes.length > 0;
    },
    /** Builds every deferred index again, in one transaction; answers how many it built. */
    restore(): number {
      const list = db.prepare(`SELECT name, sql FROM deferred_indexes ORDER BY name`).all() as { name: string; sql: string }[];
      if (list.length === 0) return 0;
      const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?`).pluck();
      const forget = db.prepare(`DELETE FROM deferred_indexes WHERE name = ?`);
      let built = 0;
      db.transaction(() => {
        for (const i of list) {
          if (exists.get(i.name) === undefined) {
            db.exec(i.sql);
            built++;
          }
          forget.run(i.name);
        }
      })();
      return built;
    },
    /** How many indexes wait to be built. */
    waiting: (): number => db.prepare(`SELECT COUNT(*) FROM deferred_indexes`).pluck().get() as number,
  };
}
