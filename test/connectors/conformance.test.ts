// One connector shape, checked over every shipped connector: the same parts in its folder, settings whose secrets
// are fields and whose sandbox values pass the schema, and a connection, tasks and jobs that work against the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { shippedConnectors } from '../../src-main/connectors/registry';
import type { Connector } from '../../src-main/connectors/connector';
import { startTestCore } from '../support/harness';
import { FIELD_GROUPS } from '../../src-preload/contract';

const PARTS = ['settings.ts', 'client.ts', 'parse.ts', 'sync.ts', 'sandbox.ts', 'README.md'];
const folderOf = (c: Connector) => join(__dirname, '../../src-main/connectors', c.id);

/** Job kinds a connector's folder names (its `*_JOB` constants). */
async function jobKindsNamedIn(c: Connector): Promise<string[]> {
  const kinds = new Set<string>();
  for (const file of ['ids.ts', 'sync.ts']) {
    const path = join(folderOf(c), file);
    if (!existsSync(path)) continue;
    const mod = (await import(path)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (name.endsWith('_JOB') && typeof value === 'string') kinds.add(value);
  }
  return [...kinds];
}

for (const connector of shippedConnectors()) {
  describe(`connector ${connector.id}`, () => {
    type Harness = Awaited<ReturnType<typeof startTestCore>>;
    let h: Harness;
    beforeAll(async () => {
      h = await startTestCore({ core: { connectors: [connector] } });
    });
    afterAll(async () => {
      await h.close();
    });

    it('has the same parts in its folder as every connector', () => {
      expect(PARTS.filter((p) => !existsSync(join(folderOf(connector), p)))).toEqual([]);
    });

    it('keeps only its declared fields secret, and its sandbox values pass its schema', async () => {
      const keys = connector.settings.fields.map((f) => f.key);
      expect(connector.settings.secretFields.filter((k) => !keys.includes(k))).toEqual([]);
      expect(connector.settings.fields.filter((f) => f.kind === 'secret').map((f) => f.key).sort()).toEqual([...connector.settings.secretFields].sort());
      const urls = h.services.sandboxes.urls(connector.id);
      expect(urls?.length).toBe(connector.sandbox!.simulators.length);
      const { values, secrets } = connector.sandbox!.connectionValues(urls!);
      const parsed = connector.settings.schema.safeParse({ ...connector.settings.defaults, ...values, ...secrets });
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    });

    it('puts every field on a tab of its page, with the credentials and at least one field on the Connection tab', () => {
      const groups = new Set<string>(FIELD_GROUPS);
      expect(connector.settings.fields.filter((f) => !groups.has(f.group)).map((f) => f.key)).toEqual([]);
      expect(connector.settings.fields.filter((f) => f.kind === 'secret' && f.group !== 'connection').map((f) => f.key)).toEqual([]);
      expect(connector.settings.fields.some((f) => f.group === 'connection')).toBe(true);
    });

    it('connects to its sandbox', async () => {
      const r = await h.core.dispatch('connections:test', { connectorId: connector.id });
      expect(r).toMatchObject({ ok: true, data: { ok: true } });
    });

    for (const task of connector.tasks)
      it(`runs its task "${task.name}" against the sandbox`, async () => {
        const r = await h.core.dispatch('sync:run', { connectorId: connector.id, taskId: task.id });
        expect(r.ok).toBe(true);
        const run = await h.services.tasks.wait((r as { data: { runId: number } }).data.runId);
        expect({ status: run?.status, message: run?.message }).toMatchObject({ status: 'success' });
      });

    it('has a handler for every job kind it names', async () => {
      const named = await jobKindsNamedIn(connector);
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter((k) => typeof connector.jobs[k]?.perform !== 'function')).toEqual([]);
    });
  });
}
