import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestCore, until, peekDb } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';
import { createKeytarStore, secretAccount } from '../../src-main/secrets/credential-store';
import { CHANNEL_NAMES } from '../../src-preload/contract';

const keytar = createRequire(import.meta.url)('keytar') as {
  getPassword(s: string, a: string): Promise<string | null>;
  deletePassword(s: string, a: string): Promise<boolean>;
};

const reachable = await createKeytarStore({ service: 'SyncDesk-probe', timeoutMs: 3000 }).status();
// CI starts a real Secret Service; elsewhere a machine without one skips only these tests, and says why.
const needKeychain = process.env.CI ? it : reachable.reachable ? it : it.skip;
if (!reachable.reachable && !process.env.CI) console.warn(`keychain tests skipped: ${reachable.message}`);

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness | null = null;
afterEach(async () => {
  if (h) await keytar.deletePassword(h.keychainService, secretAccount(TESTKIT_ID, 'password')).catch(() => false);
  await h?.close();
  h = null;
});

function fileText(path: string): string {
  return existsSync(path) ? readFileSync(path).toString('latin1') : '';
}

describe('secrets in the real keychain', () => {
  needKeychain('go only to the keychain: SQLite, the log and every renderer-visible result hold no trace', async () => {
    expect(reachable.reachable).toBe(true);
    h = await startTestCore();
    const secret = `S3cret-${randomUUID()}`;
    const saved = await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: { pushCount: 2 }, secrets: { password: secret } });
    expect(saved.ok).toBe(true);
    expect(await keytar.getPassword(h.keychainService, secretAccount(TESTKIT_ID, 'password'))).toBe(secret);

    // The remote refuses and echoes the password back; that answer lands in the log's details.
    h.sandbox.requiredPassword = 'another-one';
    await h.core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'push-widgets' });
    await until(async () => (await h!.services.repos.connections.get(TESTKIT_ID))?.state === 'auth_required', 'the 401 pause');
    h.services.log.flush();
    const logged = peekDb(h.services.paths.database).prepare(`SELECT message || ' ' || COALESCE(details, '') FROM integration_log`).pluck().all() as string[];
    expect(logged.join("\n")).toMatch(/password \\?"\*\*\*\\?" was refused/);

    const visible: string[] = [];
    for (const ch of CHANNEL_NAMES.filter((c) => c.endsWith(':list') || c.endsWith(':get') || c === 'sync:tasks' || c === 'log:page')) {
      visible.push(JSON.stringify(await h.core.dispatch(ch, {})));
    }
    for (const id of peekDb(h.services.paths.database).prepare(`SELECT id FROM integration_log`).pluck().all() as number[])
      visible.push(JSON.stringify(await h.core.dispatch('log:entry', { id })));
    const exported = await h.core.dispatch('log:export', {});
    expect(exported.ok).toBe(true);
    const csv = readFileSync((exported as { data: { path: string } }).data.path, 'utf8');

    const list = await h.core.dispatch('connections:list', {});
    expect(list.ok && (list.data as { secrets: Record<string, string> }[])[0]!.secrets).toEqual({ password: 'set' });

    await h.close(false);
    const dbFiles = ['syncdesk.db', 'syncdesk.db-wal', 'syncdesk.db-shm'].map((f) => fileText(join(h!.dataDir, f))).join('');
    const diag = fileText(join(h.dataDir, 'logs', 'syncdesk.log'));
    for (const haystack of [dbFiles, diag, csv, visible.join('\n'), logged.join('\n')]) expect(haystack.includes(secret)).toBe(false);
    expect(dbFiles.length).toBeGreaterThan(0);
    h = { ...h, close: async () => undefined } as Harness;
  });

  needKeychain('delete a secret when the form clears it', async () => {
    h = await startTestCore();
    const account = secretAccount(TESTKIT_ID, 'password');
    await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: {}, secrets: { password: 'to-be-cleared' } });
    expect(await keytar.getPassword(h.keychainService, account)).toBe('to-be-cleared');
    const r = await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: {}, secrets: { password: null } });
    expect(r.ok).toBe(true);
    expect(await keytar.getPassword(h.keychainService, account)).toBeNull();
    const list = await h.core.dispatch('connections:list', {});
    // In sandbox mode the simulator's demo password stands in, so the field still reads "set" through the overlay.
    expect(list.ok).toBe(true);
  });
});

describe('without a reachable keychain', () => {
  it('times out a hung keychain, refuses to store the secret, and keeps SQLite as it was', async () => {
    const hung = { getPassword: () => new Promise<null>(() => undefined), setPassword: () => new Promise<void>(() => undefined), deletePassword: () => new Promise<boolean>(() => undefined) };
    h = await startTestCore({ core: { credentials: createKeytarStore({ keytar: hung, timeoutMs: 150 }) } });
    const before = await h.services.repos.connections.get(TESTKIT_ID);
    // The keychain never answers: that the save answers at all is the timeout at work (its wording says so below).
    const r = await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: { pushCount: 7 }, secrets: { password: 'never-stored' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    const { message, detail } = (r as { error: { message: string; detail?: string } }).error;
    expect(message).toMatch(/^The keychain is not reachable now, so nothing was saved\./);
    expect(detail).toMatch(/did not answer/);
    expect(await h.services.repos.connections.get(TESTKIT_ID)).toEqual(before);
    const settings = await h.core.dispatch('settings:get', {});
    expect(settings).toMatchObject({ ok: true, data: { keychain: { reachable: false } } });
    expect((settings as { data: { keychain: { installHint: string } } }).data.keychain.installHint).toMatch(/gnome-keyring/);
  });

  it('says "credentials unavailable" for jobs instead of hanging, without burning attempts', async () => {
    let broken = false;
    const flaky = {
      getPassword: async () => {
        if (broken) throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
        return null;
      },
      setPassword: async () => undefined,
      deletePassword: async () => true,
    };
    h = await startTestCore({ core: { credentials: createKeytarStore({ keytar: flaky, timeoutMs: 150 }) } });
    // Mark the password as kept in the keychain, then lose the keychain.
    await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: { pushCount: 3 }, secrets: { password: 'kept' } });
    broken = true;
    await h.core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'push-widgets' });
    await until(async () => (await h!.services.repos.runs.get(1))?.status === 'failed', 'the run to fail clearly');
    expect((await h.services.repos.runs.get(1))!.message).toMatch(/credentials unavailable/);
    expect((await h.services.repos.connections.get(TESTKIT_ID))!.state).toBe('credentials_unavailable');
  });
});

describe('when the keychain comes back', () => {
  it('resumes a connection paused for unavailable credentials, and its jobs complete', async () => {
    let broken = false;
    const store = new Map<string, string>();
    const flaky = {
      getPassword: async (_s: string, a: string) => {
        if (broken) throw new Error('the keyring is locked');
        return store.get(a) ?? null;
      },
      setPassword: async (_s: string, a: string, p: string) => void store.set(a, p),
      deletePassword: async (_s: string, a: string) => store.delete(a),
    };
    h = await startTestCore({ core: { credentials: createKeytarStore({ keytar: flaky, timeoutMs: 150 }), credentialRecoveryMs: 50 } });
    await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: { pushCount: 3 }, secrets: { password: 'kept' } });
    await h.services.jobs.stop();
    const run = await h.core.dispatch('sync:run', { connectorId: TESTKIT_ID, taskId: 'push-widgets' });
    await h.services.tasks.wait((run as { data: { runId: number } }).data.runId);
    broken = true;
    h.services.jobs.start();
    await until(async () => (await h!.services.repos.connections.get(TESTKIT_ID))?.state === 'credentials_unavailable', 'the pause');
    expect((await h.services.repos.jobs.counts()).done).toBe(0);
    expect(peekDb(h.services.paths.database).prepare(`SELECT MAX(attempts) FROM jobs`).pluck().get()).toBe(0);
    broken = false;
    await until(async () => (await h!.services.repos.connections.get(TESTKIT_ID))?.state === 'ready', 'the connection to resume');
    await h.services.jobs.whenSettled();
    expect((await h.services.repos.jobs.counts()).done).toBe(2);
  });
});

describe('error results', () => {
  it('never carry a secret back to the renderer, even when the remote echoes it in its refusal', async () => {
    h = await startTestCore();
    h.sandbox.requiredPassword = 'the-right-one';
    const secret = `Hunter2-${randomUUID()}`;
    const saved = await h.core.dispatch('connections:save', { connectorId: TESTKIT_ID, values: {}, secrets: { password: secret } });
    expect(saved).toMatchObject({ ok: false, error: { code: 'credentials_rejected' } });
    expect((saved as { error: { message: string } }).error.message).toMatch(/password \\?"\*\*\*\\?" was refused/);
    expect(JSON.stringify(saved)).not.toContain(secret);
  });
});
