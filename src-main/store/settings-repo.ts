import type { AsyncRepo } from './serial-writer';
import type { Db } from './database';

export function createSettingsRepo(db: Db) {
  const get = db.prepare(`SELECT value FROM app_settings WHERE key = ?`).pluck();
  const set = db.prepare(`INSERT INTO app_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  return {
    get<T>(key: string, fallback: T): T {
      const raw = get.get(key) as string | undefined;
      return raw === undefined ? fallback : (JSON.parse(raw) as T);
    },
    set(key: string, value: unknown): void {
      set.run(key, JSON.stringify(value));
    },
    has(key: string): boolean {
      return get.get(key) !== undefined;
    },
  };
}

/** The repository as the store port gives it (every method answers a promise). */
export type SettingsRepo = Omit<AsyncRepo<ReturnType<typeof createSettingsRepo>>, 'get'> & {
  get<T>(key: string, fallback: T): Promise<T>;
};
