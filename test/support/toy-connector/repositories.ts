import type { Db } from '../../../src-main/store/database';

/** The toy connector's own table, behind its own repository. */
export function createToyRepos(db: Db) {
  const insert = db.prepare(`INSERT INTO toy_notes (text, source, created_at) VALUES (?, ?, ?) RETURNING id`).pluck();
  const list = db.prepare(`SELECT id, text, source FROM toy_notes ORDER BY id`);
  return {
    add: (text: string, source: string, now: number) => insert.get(text, source, now) as number,
    list: () => list.all() as { id: number; text: string; source: string }[],
  };
}

export type ToyRepos = ReturnType<typeof createToyRepos>;
