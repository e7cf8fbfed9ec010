// Every channel above the viewer's that the console calls has a control gated on it somewhere (RoleButton's
// `action`, RoleControl, useCan, a `data-action`): a new write button without a gate fails here, before the
// end-to-end walk (test/e2e/team-story.e2e.test.ts) would miss it for want of its data-action.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_NAMES, channelMethodName, roleForChannel } from '../../src-preload/contract';

const ROOT = join(process.cwd(), 'src-renderer', 'src');

/** Called only where a gated control or a screen of admins' already stands before them. */
const REACHED_THROUGH_A_GATE: Record<string, string> = {
  'audit:page': 'Team > Audit, which the nav shows admins only',
  'staff:list': 'Team > Users and Audit, which the nav shows admins only',
  'errors:job-payload': 'the Edit and retry dialog, opened by the gated errors:edit-retry button',
  'sync:compare-preview': "the preview dialog, after its gated sync:run ('Run it for real')",
  'export:show-in-folder': "an export's toast in the desktop window, after a gated export",
};

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [{ file: join(dir, e.name), text: readFileSync(join(dir, e.name), 'utf8') }] : [],
  );
}

describe('role gates in the console', () => {
  const files = sources(ROOT);
  const byMethod = new Map<string, string>(CHANNEL_NAMES.map((c) => [channelMethodName(c), c]));
  const called = new Set(files.flatMap(({ text }) => [...text.matchAll(/api\(\)\.(\w+)\(/g)].map((m) => byMethod.get(m[1]!)).filter((c): c is string => c !== undefined)));
  const gated = new Set(
    files.flatMap(({ text }) => [...text.matchAll(/(?:\baction|channel|resetAction|data-action)=["{']*([a-z-]+:[a-z-]+)["}']|useCan\('([a-z-]+:[a-z-]+)'\)/g)].map((m) => m[1] ?? m[2]!)),
  );

  it('gates every channel above the viewer’s it calls', () => {
    const writes = [...called].filter((c) => roleForChannel(c) !== 'viewer');
    expect(writes.length).toBeGreaterThan(60);
    expect(writes.filter((c) => !gated.has(c) && !(c in REACHED_THROUGH_A_GATE)).sort()).toEqual([]);
  });

  it('gates only on channels the contract has, and lists no exception the console no longer calls or gates anyway', () => {
    expect([...gated].filter((c) => !(CHANNEL_NAMES as readonly string[]).includes(c))).toEqual([]);
    expect(Object.keys(REACHED_THROUGH_A_GATE).filter((c) => !called.has(c) || gated.has(c))).toEqual([]);
  });
});
