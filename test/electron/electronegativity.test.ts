import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ALLOW_LIST_FILE,
  judge,
  main,
  readAllowList,
  scan,
  type Finding,
} from '../../scripts/electronegativity.mjs';

// The lint's Electronegativity step, run on small apps made for the test and on this repository itself.

const GOOD_WINDOW = `import { BrowserWindow, shell } from 'electron';
export function open(url: string): void {
  const win = new BrowserWindow({
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.session.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  void shell.openExternal(url);
}
`;

const CSP_HTML = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'"></head><body></body></html>`;

describe('the Electronegativity lint step', () => {
  let root: string;
  const lines: { log: string[]; error: string[] } = { log: [], error: [] };
  const run = () => main({ root, log: (l) => lines.log.push(l), error: (l) => lines.error.push(l) });

  function write(path: string, text: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  function allow(entries: unknown[]): void {
    write(ALLOW_LIST_FILE, JSON.stringify({ allow: entries }));
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'syncdesk-eneg-'));
    lines.log = [];
    lines.error = [];
    write('package.json', JSON.stringify({ name: 'app', devDependencies: { electron: '^41.7.1' } }));
    write('src-main/electron/window.ts', GOOD_WINDOW);
    write('src-preload/index.ts', `import { contextBridge } from 'electron';\ncontextBridge.exposeInMainWorld('api', {});\n`);
    write('src-renderer/index.html', CSP_HTML);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds contextIsolation and the sandbox switched off, where they are written', async () => {
    write(
      'src-main/electron/window.ts',
      GOOD_WINDOW.replace('contextIsolation: true', 'contextIsolation: false').replace('sandbox: true', 'sandbox: false'),
    );
    const { findings, parseErrors, files } = await scan({ root });
    expect(parseErrors).toEqual([]);
    expect(files).toBe(3);
    const gated = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
    expect(gated.map((f) => [f.check, f.severity, f.file, f.line])).toEqual(
      expect.arrayContaining([
        ['CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 'src-main/electron/window.ts', 4],
        ['SANDBOX_JS_CHECK', 'MEDIUM', 'src-main/electron/window.ts', 4],
      ]),
    );
  });

  it('fails on a HIGH or MEDIUM finding the allow-list does not explain, saying where and how to fix it', async () => {
    write('src-main/electron/window.ts', GOOD_WINDOW.replace('sandbox: true', 'sandbox: false'));
    allow([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'asked first' }]);
    expect(await run()).toBe(1);
    const text = lines.error.join('\n');
    expect(text).toMatch(/MEDIUM SANDBOX_JS_CHECK at src-main\/electron\/window\.ts:4:\d+/);
    expect(text).toContain('sandbox: false');
    expect(text).toContain(`explain it in ${ALLOW_LIST_FILE}`);
  });

  it('passes when every HIGH and MEDIUM finding is explained', async () => {
    allow([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'asked first' }]);
    expect(await run()).toBe(0);
    expect(lines.error).toEqual([]);
    expect(lines.log.join('\n')).toMatch(/no unexplained HIGH or MEDIUM finding .*Electron 41\.7\.1.*1 allowed/);
  });

  it('fails on a second finding of an allowed kind in the same file: the entry covers the ones it was written for', async () => {
    write('src-main/electron/window.ts', GOOD_WINDOW.replace('  void shell.openExternal(url);\n', '  void shell.openExternal(url);\n  void shell.openExternal(url + "#2");\n'));
    allow([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'asked first' }]);
    expect(await run()).toBe(1);
    expect(lines.error.join('\n')).toMatch(/OPEN_EXTERNAL_JS_CHECK at src-main\/electron\/window\.ts:10:/);
  });

  it('fails on an allow-list entry that matches nothing, so it cannot allow the next finding unseen', async () => {
    allow([
      { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'asked first' },
      { check: 'SANDBOX_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'was needed once' },
    ]);
    expect(await run()).toBe(1);
    expect(lines.error.join('\n')).toContain(
      `${ALLOW_LIST_FILE} allows 1 SANDBOX_JS_CHECK in src-main/electron/window.ts, but the scan found 0`,
    );
  });

  it('refuses an allow-list entry without a reason, and a second entry for the same check and file', () => {
    allow([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: ' ' }]);
    expect(() => readAllowList(join(root, ALLOW_LIST_FILE))).toThrow(/"reason" is required/);
    const entry = { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'asked first' };
    allow([entry, entry]);
    expect(() => readAllowList(join(root, ALLOW_LIST_FILE))).toThrow(/a second entry .* use "count"/);
  });

  it('fails on a file it could not parse: an unparsed file is an unscanned one', async () => {
    allow([{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src-main/electron/window.ts', reason: 'asked first' }]);
    write('src-main/electron/broken.ts', 'export const = ;\n');
    expect(await run()).toBe(1);
    expect(lines.error.join('\n')).toMatch(/could not parse src-main\/electron\/broken\.ts/);
  });

  it('gates HIGH and MEDIUM only', () => {
    const finding = (severity: Finding['severity']): Finding => ({
      check: `${severity}_CHECK`,
      severity,
      confidence: 'FIRM',
      file: 'a.ts',
      line: 1,
      column: 0,
      sample: '',
      description: '',
      url: '',
    });
    const verdict = judge(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'].map((s) => finding(s as Finding['severity'])), []);
    expect(verdict.failures.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM']);
    expect(verdict.ungated).toBe(2);
  });
});

describe("this repository's Electron shell and preload", () => {
  it('have no HIGH or MEDIUM finding that the checked-in allow-list does not explain, and no stale entry', async () => {
    const errors: string[] = [];
    expect(await main({ log: () => {}, error: (l) => errors.push(l) })).toBe(0);
    expect(errors).toEqual([]);
  });
});
