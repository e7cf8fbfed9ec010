import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels, RESERVED_KEY_GUARD } from '../../src-preload/contract';
import { startTestCore } from '../support/harness';
import { TESTKIT_ID } from '../support/testkit-connector';

// Issue 9 item 12: zod's records drop an own `__proto__` key without a word (so `templates:save` lost a status mapping
// and `connections:save` never saw the key its unknown-setting check would refuse), and `constructor` / `prototype`
// make a lookup in a plain object answer with Object.prototype's members. Every record in the contract's input refuses
// all three as invalid_input.

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness;
beforeAll(async () => {
  h = await startTestCore();
});
afterAll(async () => {
  await h.close();
});

/** A JSON body as the headless transport parses it (and structured clone keeps it): `__proto__` is an own key. */
const json = (text: string): unknown => JSON.parse(text);

interface Node {
  _zod: { def: Record<string, unknown> };
  meta?: () => Record<string, unknown> | undefined;
}
const isSchema = (v: unknown): v is Node => typeof v === 'object' && v !== null && '_zod' in v;

/** Every record reachable from a schema, and the records that sit inside the reserved-key guard. */
function records(root: unknown) {
  const all = new Set<unknown>();
  const guarded = new Set<unknown>();
  const seen = new Set<unknown>();
  const visit = (s: unknown) => {
    if (!isSchema(s) || seen.has(s)) return;
    seen.add(s);
    const def = s._zod.def;
    if (def.type === 'record') all.add(s);
    if (def.type === 'pipe' && s.meta?.()?.[RESERVED_KEY_GUARD] === true) guarded.add(def.out);
    for (const key of Object.keys(def)) {
      if (key === 'getter') continue;
      const v = key === 'shape' ? Object.values(def.shape as object) : def[key];
      for (const child of Array.isArray(v) ? v : [v]) visit(child);
    }
  };
  visit(root);
  return { all, guarded };
}

describe('reserved keys in records', () => {
  it('every record in every channel input is guarded', () => {
    const unguarded: string[] = [];
    let count = 0;
    for (const [name, def] of Object.entries(channels)) {
      const { all, guarded } = records(def.input);
      count += all.size;
      for (const r of all) if (!guarded.has(r)) unguarded.push(name);
    }
    expect(count).toBeGreaterThanOrEqual(4);
    expect(unguarded).toEqual([]);
  });

  it('connections:save refuses __proto__, constructor and prototype in values and secrets', async () => {
    const base = '"endpoint":"http://127.0.0.1:9","username":"u"';
    for (const body of [
      `{"connectorId":"${TESTKIT_ID}","values":{${base},"__proto__":"x"}}`,
      `{"connectorId":"${TESTKIT_ID}","values":{${base},"__proto__":{"polluted":true}}}`,
      `{"connectorId":"${TESTKIT_ID}","values":{${base},"constructor":"x"}}`,
      `{"connectorId":"${TESTKIT_ID}","values":{${base}},"secrets":{"prototype":"x"}}`,
      `{"connectorId":"${TESTKIT_ID}","values":{${base}},"secrets":{"__proto__":"x"}}`,
    ]) {
      const r = await h.core.dispatch('connections:save', json(body));
      expect(r.ok, body).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('invalid_input');
      const key = /"(__proto__|constructor|prototype)"/.exec(body)![1]!;
      expect(r.error.issues?.map((i) => i.path)).toContain(`${body.includes('"secrets":{"') ? 'secrets' : 'values'}.${key}`);
      expect(r.error.issues?.find((i) => i.path.endsWith(key))?.message).toBe(`"${key}" cannot be used as a key`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the connection service refuses them too when called without the contract', async () => {
    const c = h.services.registry.get(TESTKIT_ID)!;
    const values = json('{"endpoint":"http://127.0.0.1:9","username":"u","__proto__":"x"}') as Record<string, string>;
    await expect(h.services.connections.save(c, values, {}, async () => undefined)).rejects.toThrow('SyncDesk keeps these names for itself: __proto__');
    await expect(h.services.connections.save(c, { constructor: 'x' }, {}, async () => undefined)).rejects.toThrow('SyncDesk keeps these names for itself: constructor');
  });

  it('templates:save and templates:preview refuse them in a status map instead of dropping the row', () => {
    const rows = (map: string) =>
      json(`[{"direction":"in","source":{"kind":"field","name":"StatusCode"},"target":{"kind":"case_status","map":${map}}}]`);
    const save = channels['templates:save'].input;
    expect(save.safeParse({ name: 'T', type: 'enquiry_updated', referenceId: 1, rows: rows('{"CL":"closed"}') }).success).toBe(true);
    for (const map of ['{"__proto__":"closed"}', '{"constructor":"open"}', '{"OP":"open","prototype":"closed"}']) {
      const r = save.safeParse({ name: 'T', type: 'enquiry_updated', referenceId: 1, rows: rows(map) });
      expect(r.success, map).toBe(false);
      const key = /"(__proto__|constructor|prototype)"/.exec(map)![1]!;
      expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(`rows.0.target.map.${key}`);
      const preview = channels['templates:preview'].input.safeParse({ caseId: 1, template: { type: 'enquiry_updated', referenceId: 1, rows: rows(map) } });
      expect(preview.success, map).toBe(false);
    }
  });

  it('cases:save refuses them in case values', () => {
    const r = channels['cases:save'].input.safeParse(json('{"title":"Pothole","values":{"issue":"deep","__proto__":"x"}}'));
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['values.__proto__']);
    expect(channels['cases:save'].input.safeParse(json('{"title":"Pothole","values":{"issue":"deep"}}')).success).toBe(true);
  });

  it('a guarded record keeps its types: a z.input of the contract is still a record', () => {
    type Values = z.input<(typeof channels)['connections:save']['input']>['values'];
    const v: Values = { endpoint: 'x', pageSize: 1 };
    expect(v.endpoint).toBe('x');
  });
});
