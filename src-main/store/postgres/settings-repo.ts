import type { SettingsRepo } from '../settings-repo';
import type { PgSession } from './pg-session';

export function createPgSettingsRepo(db: PgSession): SettingsRepo {
  const read = async (key: string) => await db.one<{ value: string }>(`SELECT value FROM app_settings WHERE key = $1`, [key]);
  return {
    async get<T>(key: string, fallback: T): Promise<T> {
      const row = await read(key);
      return row === undefined ? fallback : (JSON.parse(row.value) as T);
    },
    async set(key: string, value: unknown): Promise<void> {
      await db.query(`INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, JSON.stringify(value)]);
    },
    async has(key: string): Promise<boolean> {
      return (await read(key)) !== undefined;
    },
  };
}
