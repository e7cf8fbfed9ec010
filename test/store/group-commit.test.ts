// Group commit: changes queued together commit in one transaction; each caller hears back only after the commit.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories, type Repositories } from '../../src-main/store/repositories';
import { createGroupCommit } from '../../src-main/store/group-commit';
import { tempDir } from '../support/harness';

function setUp() {
  const file = join(tempDir(), 'g.db');
  const db = openDatabase(file);
  const repos = createRepositories(db);
  let outer = 0;
  const counting = {
    async transaction<T>(fn: (tx: Repositories) => T | Promise<T>): Promise<T> {
      if (!db.inTransaction) outer++;
      return await repos.transaction(fn);
    },
  };
  return { file, db, repos, group: createGroupCommit(counting), commits: () => outer };
}

describe('group commit', () => {
  it('commits changes queued in one turn together, and answers each caller with its own result once durable', async () => {
    const { file, repos, group, commits } = setUp();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => group.run(async () => (await repos.settings.set(`k${i}`, i), i * 2))));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(commits()).toBe(1);
    // Another connection sees every change: they were committed before the promises resolved.
    const reader = openDatabase(file, { readonly: true });
    expect(reader.prepare(`SELECT COUNT(*) FROM app_settings WHERE key LIKE 'k%'`).pluck().get()).toBe(20);
    reader.close();
  });

  it('rolls back a change that throws, alone: the others of its group commit', async () => {
    const { repos, group } = setUp();
    const outcomes = await Promise.allSettled([
      group.run(async () => await repos.settings.set('a', 1)),
      group.run(async () => {
        await repos.settings.set('b', 2);
        throw new Error('bad update');
      }),
      group.run(async () => await repos.settings.set('c', 3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('bad update');
    expect([await repos.settings.get('a', null), await repos.settings.get('b', null), await repos.settings.get('c', null)]).toEqual([1, null, 3]);
  });

  it('rejects every caller when the commit itself fails, and keeps none of their changes', async () => {
    const { db, repos, group } = setUp();
    db.pragma('defer_foreign_keys = ON');
    const outcomes = await Promise.allSettled([
      group.run(async () => await repos.settings.set('x', 1)),
      // A dangling foreign key is only checked at COMMIT when foreign keys are deferred: the commit fails.
      group.run(() => db.prepare(`INSERT INTO case_references (case_id, reference_id, value, updated_at) VALUES (999, 999, 'n', 0)`).run()),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await repos.settings.get('x', null)).toBeNull();
    expect(db.inTransaction).toBe(false);
  });

  it('splits a burst larger than a group into several commits, in order', async () => {
    const { db, repos } = setUp();
    let groups = 0;
    const small = createGroupCommit(
      {
        async transaction<T>(fn: (tx: Repositories) => T | Promise<T>): Promise<T> {
          if (!db.inTransaction) groups++;
          return await repos.transaction(fn);
        },
      },
      { maxBatch: 8 },
    );
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => small.run(() => order.push(i))));
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(groups).toBe(3);
    expect(small.pending).toBe(0);
  });
});
