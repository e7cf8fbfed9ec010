import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startCermCore, type CermHarness } from '../connectors/cerm/cerm-harness';
import { peekDb, startTestCore, tempDir, until } from '../support/harness';
import { LATEST_VERSION } from '../../src-main/store/migrations';
import { CERM_ID } from '../../src-main/connectors/cerm';
import type { BackupFile, BackupView } from '../../src-preload/contract';

let cerm: CermHarness | null = null;
let kit: Awaited<ReturnType<typeof startTestCore>> | null = null;
afterEach(async () => {
  await cerm?.close();
  await kit?.close();
  cerm = null;
  kit = null;
});

/** The rows a download committed page by page: its customers and its progress count move together. */
function downloadState(file: string) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const d = db.prepare(`SELECT id, status, records FROM downloads ORDER BY id DESC LIMIT 1`).get() as { id: number; status: string; records: number };
    const mirrored = db.prepare(`SELECT COUNT(*) FROM cerm_customers WHERE download_id = ?`).pluck().get(d.id) as number;
    return { ...d, mirrored, integrity: db.pragma('integrity_check', { simple: true }), foreignKeys: db.pragma('foreign_key_check') as unknown[], version: db.pragma('user_version', { simple: true }) };
  } finally {
    db.close();
  }
}

async function backupNow(core: { dispatch: (c: 'ops:backup-now', i: unknown) => Promise<unknown> }): Promise<BackupFile> {
  const r = (await core.dispatch('ops:backup-now', {})) as { ok: boolean; data: BackupFile; error?: { message: string } };
  if (!r.ok) throw new Error(r.error?.message);
  return r.data;
}

/** The customers the download moves while the backup is taken (the 100k sync). */
const SYNCED = 100_000;

describe('backup and restore', () => {
  it('copies the database during a running 100k CERM download, and a restore at the next start gives that consistent copy back', async () => {
    cerm = await startCermCore({ customers: SYNCED });
    const h = cerm;
    await h.configure({ pageSize: 1_000 });
    await h.sandbox.setFaults({ latencyMs: 40 });
    const started = await h.core.dispatch('sync:run', { connectorId: CERM_ID, taskId: 'download-customers' });
    expect(started.ok).toBe(true);
    const runId = (started as { data: { runId: number } }).data.runId;
    await until(async () => ((await h.sql.value<number | undefined>(`SELECT records FROM downloads WHERE status = 'running'`)) ?? 0) > 0, 'the download under way');

    const backup = await backupNow(h.core);
    expect(backup.path.startsWith(join(h.dataDir, 'backups'))).toBe(true);
    const copy = downloadState(backup.path);
    expect(copy.integrity).toBe('ok');
    expect(copy.foreignKeys).toEqual([]);
    expect(copy.version).toBe(LATEST_VERSION);
    // Taken mid-download: some pages in, each page whole.
    expect(copy.status).toBe('running');
    expect(copy.records).toBeGreaterThan(0);
    expect(copy.records).toBeLessThan(SYNCED);
    expect(copy.mirrored).toBe(copy.records);

    const run = await h.services.tasks.wait(runId);
    expect(run?.status).toBe('success');
    expect(downloadState(h.services.paths.database)).toMatchObject({ status: 'complete', records: SYNCED, mirrored: SYNCED });

    const listed = (await h.core.dispatch('ops:backups', {})) as { ok: true; data: BackupView };
    expect(listed.data.backups.map((b) => b.name)).toEqual([backup.name]);
    const staged = await h.core.dispatch('ops:restore', { path: backup.path });
    expect(staged).toMatchObject({ ok: true, data: { staged: true, schemaVersion: LATEST_VERSION, message: expect.stringContaining('Restart SyncDesk') } });
    expect(((await h.core.dispatch('ops:backups', {})) as { ok: true; data: BackupView }).data.stagedRestore).not.toBeNull();

    const dataDir = h.dataDir;
    await h.close(false);
    cerm = await startCermCore({ customers: SYNCED, dataDir });
    const restored = downloadState(cerm.services.paths.database);
    expect(restored).toMatchObject({ integrity: 'ok', records: copy.records, mirrored: copy.records, foreignKeys: [] });
    // The download the copy caught running was cut short by the restart: the start-up recovery says so.
    expect(restored.status).toBe('failed');
    const kept = readdirSync(join(dataDir, 'backups')).filter((n) => n.startsWith('before-restore-') && n.endsWith('.db'));
    expect(kept).toHaveLength(1);
    expect(downloadState(join(dataDir, 'backups', kept[0]!))).toMatchObject({ integrity: 'ok', status: 'complete', records: SYNCED, mirrored: SYNCED });
    expect(existsSync(join(dataDir, 'syncdesk.restore-pending.db'))).toBe(false);
  }, 300_000);

  it('refuses a damaged copy, a file that is no database and a copy from a newer schema, and stages nothing', async () => {
    kit = await startTestCore();
    const h = kit;
    const backup = await backupNow(h.core);
    const dir = tempDir();

    const damaged = join(dir, 'damaged.db');
    copyFileSync(backup.path, damaged);
    const pageSize = 4096;
    const fd = openSync(damaged, 'r+');
    // Garbage over the pages after the header page: the tables' b-trees.
    for (let p = 1; p * pageSize < statSync(damaged).size; p += 2) writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, p * pageSize);
    closeSync(fd);
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a database at all '.repeat(500));
    const newer = join(dir, 'newer.db');
    copyFileSync(backup.path, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${LATEST_VERSION + 1}`);
    n.close();

    for (const [file, words] of [
      [damaged, /damaged|not a readable|cannot be opened|malformed/i],
      [garbage, /not a readable SQLite database|cannot be opened/i],
      [newer, /newer SyncDesk \(schema \d+; this version knows up to \d+\)/],
      [join(dir, 'absent.db'), /There is no file/],
    ] as const) {
      const r = await h.core.dispatch('ops:restore', { path: file });
      expect(r, file).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Not restored: /) } });
      expect((r as { error: { message: string } }).error.message).toMatch(words);
    }
    expect(((await h.core.dispatch('ops:backups', {})) as { ok: true; data: BackupView }).data.stagedRestore).toBeNull();
    expect(readdirSync(h.dataDir).filter((f) => f.includes('restore'))).toEqual([]);
  });

  it('does not apply a staged restore that got damaged before the next start, and keeps the database in use', async () => {
    kit = await startTestCore();
    await kit.services.repos.settings.set('marker', 'before');
    const backup = await backupNow(kit.core);
    await kit.services.repos.settings.set('marker', 'after');
    expect((await kit.core.dispatch('ops:restore', { path: backup.path })).ok).toBe(true);
    const dataDir = kit.dataDir;
    await kit.close(false);
    const staged = join(dataDir, 'syncdesk.restore-pending.db');
    const fd = openSync(staged, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096);
    closeSync(fd);

    kit = await startTestCore({ dataDir });
    expect(await kit.services.repos.settings.get('marker', null)).toBe('after');
    expect(existsSync(staged)).toBe(false);
    expect(existsSync(`${staged}.rejected`)).toBe(true);
  });

  it('keeps N copies, and no copy holds a connection secret (they stay in the keychain)', async () => {
    kit = await startTestCore();
    const h = kit;
    const secret = `Secret-${Math.random().toString(36).slice(2)}-never-on-disk`;
    const saved = await h.core.dispatch('connections:save', { connectorId: 'testkit', values: { username: 'admin' }, secrets: { password: secret } });
    expect(saved.ok).toBe(true);
    expect(await h.core.dispatch('ops:save-backup-settings', { keep: 2 })).toMatchObject({ ok: true, data: { settings: { keep: 2, intervalHours: 24, enabled: true } } });
    const taken = [await backupNow(h.core), await backupNow(h.core), await backupNow(h.core)];
    const view = ((await h.core.dispatch('ops:backups', {})) as { ok: true; data: BackupView }).data;
    expect(view.backups.map((b) => b.name)).toEqual([taken[2]!.name, taken[1]!.name]);
    expect(existsSync(taken[0]!.path)).toBe(false);
    for (const b of view.backups) {
      expect(readFileSync(b.path).includes(secret)).toBe(false);
      expect(peekDb(b.path).prepare(`SELECT secrets_set_json FROM connections WHERE connector_id = 'testkit'`).pluck().get()).toContain('password');
    }
    for (const f of [h.services.paths.database, `${h.services.paths.database}-wal`]) if (existsSync(f)) expect(readFileSync(f).includes(secret)).toBe(false);
  });

  it('takes a backup on its schedule when one is due, and not again until the interval has passed', async () => {
    kit = await startTestCore();
    const h = kit;
    await h.services.ops.tick();
    expect(((await h.core.dispatch('ops:backups', {})) as { ok: true; data: BackupView }).data.backups).toHaveLength(1);
    await h.services.ops.tick();
    expect(((await h.core.dispatch('ops:backups', {})) as { ok: true; data: BackupView }).data.backups).toHaveLength(1);
    await h.core.dispatch('ops:save-backup-settings', { enabled: false });
    expect(await h.services.ops.backups.due()).toBe(false);
  });
});
