// Issue 9, item 11: control characters in a search box. A NUL used to reach FTS5 (an internal error on log:page and
// log:export) and to match every row elsewhere; every search input now refuses them at the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCermConnector } from '../../src-main/connectors/cerm';
import { startTestCore } from '../support/harness';

type Harness = Awaited<ReturnType<typeof startTestCore>>;
let h: Harness;
beforeAll(async () => {
  h = await startTestCore({ core: { connectors: [createCermConnector({ customers: 20 })] } });
});
afterAll(async () => {
  await h.close();
});

// Every channel that takes search text, with the rest of a valid input.
const SEARCH_CHANNELS: Array<[channel: string, rest: Record<string, unknown>]> = [
  ['log:page', {}],
  ['log:export', {}],
  ['cases:list', {}],
  ['customers:search', {}],
  ['cerm:customers', {}],
  ['cerm:search-live', {}],
];

// NUL, the other C0 controls (inside the text: leading and trailing whitespace is trimmed as before), DEL and C1.
const CONTROLS = ['\u0000', 'pot\u0000hole', '\u0001', 'a\u0007b', 'x\u0008', '\u001b[31m', 'a\u001fb', 'pot\nhole', 'pot\thole', 'pot\rhole', 'a\u007fb', 'a\u0085b', 'a\u009bb'];

describe('search text at the contract', () => {
  for (const [channel, rest] of SEARCH_CHANNELS) {
    it(`${channel} refuses control characters in q with invalid_input`, async () => {
      for (const q of CONTROLS) {
        const r = await h.core.dispatch(channel, { ...rest, q });
        expect(r, `${channel} ${JSON.stringify(q)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        if (r.ok) continue;
        expect(r.error.issues).toEqual([expect.objectContaining({ path: 'q', message: expect.stringContaining('control characters') })]);
      }
    });

    it(`${channel} still searches plain text, trimmed`, async () => {
      const r = await h.core.dispatch(channel, { ...rest, q: '  \tpothole ré 報告\n' });
      expect(r.ok, JSON.stringify(r)).toBe(true);
    });
  }
});
