// The Electron half of `npm run lint`: Electronegativity over the Electron shell and the preload, failing on any HIGH
// or MEDIUM finding that electronegativity-allow.json does not explain, and on an allow-list entry that no longer
// matches a finding (a stale entry would quietly allow the next finding of that kind).
//
// It runs offline: Electronegativity fetches translations and Electron's release list at every run (a second or more
// each without a network, and an answer that depends on the day); here its HTTP client answers "offline" at once, so
// the result depends on the source alone. The release check it would have made (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK)
// is left out: whether our Electron is still supported is a question about package.json, answered outside the lint.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What the lint scans: everything that configures Chromium or runs beside the page, and the renderer's entry document,
 * whose <meta> CSP (the contract's CONTENT_SECURITY_POLICY, test/renderer/transport.test.ts) is the one policy
 * Electronegativity can read and evaluate: in main the CSP is a constant it cannot follow.
 */
export const SCANNED_FOLDERS = ['src-main/electron', 'src-preload', 'src-renderer/index.html'];
export const ALLOW_LIST_FILE = 'electronegativity-allow.json';
export const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const SCANNED_EXTENSIONS = /\.(js|jsx|ts|tsx|html|htm)$/;

function offlineHttpClient() {
  const offline = () => Promise.reject(new Error('electronegativity runs offline in npm run lint'));
  offline.head = offline;
  return offline;
}

/** Electronegativity's runner (this repository's devDependency), loaded with an HTTP client that never leaves the machine. */
function loadRunner() {
  const require = createRequire(join(ROOT, 'package.json'));
  const load = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'got' ? offlineHttpClient() : load.call(this, request, ...rest);
  };
  try {
    const runner = require('@doyensec/electronegativity');
    return runner.default ?? runner;
  } finally {
    Module._load = load;
  }
}

/** The Electron the app runs on decides the defaults Electronegativity assumes for unset options. */
export function electronVersionOf(root = ROOT) {
  try {
    return JSON.parse(readFileSync(createRequire(join(root, 'package.json')).resolve('electron/package.json'), 'utf8')).version;
  } catch {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '';
    const version = /\d+\.\d+\.\d+/.exec(range)?.[0];
    if (!version) throw new Error('cannot tell which Electron the app uses: electron is neither installed nor in package.json');
    return version;
  }
}

function countSourceFiles(path) {
  if (!statSync(path).isDirectory()) return SCANNED_EXTENSIONS.test(path) ? 1 : 0;
  let count = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && SCANNED_EXTENSIONS.test(entry.name)) count += 1;
  }
  return count;
}

const toPosix = (path) => path.split(sep).join('/');

/**
 * Runs Electronegativity once over all the folders (its global checks, such as "is there a navigation guard
 * anywhere", need to see them together), staged in a temporary folder under their own relative paths, so a finding
 * names the file as the repository does.
 *
 * @returns {Promise<{ files: number, checks: number, findings: Finding[], parseErrors: { file: string, message: string }[] }>}
 */
export async function scan({ root = ROOT, folders = SCANNED_FOLDERS, electronVersion = electronVersionOf(root) } = {}) {
  const run = loadRunner();
  const stage = mkdtempSync(join(tmpdir(), 'syncdesk-electronegativity-'));
  const quiet = console.log;
  try {
    let files = 0;
    for (const folder of folders) {
      const from = join(root, folder);
      if (!existsSync(from)) throw new Error(`${folder} does not exist: nothing to scan there`);
      mkdirSync(dirname(join(stage, folder)), { recursive: true });
      cpSync(from, join(stage, folder), { recursive: true });
      files += countSourceFiles(from);
    }
    // It says on stdout that the translations could not be fetched; that is the point.
    console.log = () => {};
    const result = await run({
      input: stage,
      isRelative: true,
      electronVersionOverride: electronVersion,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
      parserPlugins: [],
    });
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file === 'N/A' ? 'N/A' : toPosix(issue.file),
      line: issue.location.line,
      column: issue.location.column,
      sample: issue.sample?.trim() ?? '',
      description: issue.description,
      url: issue.shortenedURL,
    }));
    const parseErrors = result.errors
      .filter((e) => !e.tolerable)
      .map((e) => ({ file: toPosix(relative(stage, e.file)), message: e.message }));
    return { files, checks: result.globalChecks + result.atomicChecks, findings, parseErrors };
  } finally {
    console.log = quiet;
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * The allow-list: `{ "allow": [{ "check", "file", "reason", "count"? }] }`. An entry covers `count` findings (1 unless
 * told) of that check in that file ("N/A" for a check about the whole scan); a reason is required.
 */
export function readAllowList(path) {
  const parsed = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed.allow)) throw new Error(`${path}: expected an "allow" list`);
  const seen = new Set();
  return parsed.allow.map((entry, i) => {
    const where = `${path}: allow[${i}]`;
    const key = `${entry.check}\u0000${entry.file}`;
    if (seen.has(key)) throw new Error(`${where}: a second entry for ${entry.check} in ${entry.file}; use "count"`);
    seen.add(key);
    for (const key of ['check', 'file', 'reason']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') throw new Error(`${where}: "${key}" is required`);
    }
    const count = entry.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error(`${where}: "count" must be a whole number from 1`);
    return { check: entry.check, file: entry.file, reason: entry.reason, count };
  });
}

/** Which HIGH and MEDIUM findings the allow-list explains, which it does not, and which entries match nothing. */
export function judge(findings, allowList) {
  const gated = findings.filter((f) => FAILING_SEVERITIES.has(f.severity));
  const failures = [];
  const allowed = [];
  const stale = [];
  const byKey = new Map();
  for (const finding of gated) {
    const key = `${finding.check}\u0000${finding.file}`;
    byKey.set(key, [...(byKey.get(key) ?? []), finding]);
  }
  const covered = new Set();
  for (const entry of allowList) {
    const key = `${entry.check}\u0000${entry.file}`;
    const matches = byKey.get(key) ?? [];
    if (matches.length === 0) {
      stale.push(entry);
      continue;
    }
    covered.add(key);
    allowed.push(...matches.slice(0, entry.count).map((finding) => ({ finding, reason: entry.reason })));
    // More findings than the entry was written for: the new ones have not been reviewed.
    failures.push(...matches.slice(entry.count));
    if (matches.length < entry.count) stale.push({ ...entry, found: matches.length });
  }
  for (const [key, matches] of byKey) if (!covered.has(key)) failures.push(...matches);
  return { failures, allowed, stale, ungated: findings.length - gated.length };
}

function where(finding) {
  return finding.file === 'N/A' ? '(whole scan)' : `${finding.file}:${finding.line}:${finding.column}`;
}

export async function main({ root = ROOT, log = console.log, error = console.error } = {}) {
  const started = Date.now();
  const electronVersion = electronVersionOf(root);
  const { files, checks, findings, parseErrors } = await scan({ root, electronVersion });
  const allowList = readAllowList(join(root, ALLOW_LIST_FILE));
  const { failures, allowed, stale, ungated } = judge(findings, allowList);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const scope = `${checks} checks, ${files} files in ${SCANNED_FOLDERS.join(', ')}, Electron ${electronVersion}, ${seconds} s`;

  for (const e of parseErrors) error(`electronegativity: could not parse ${e.file} (so it was not scanned): ${e.message}`);
  for (const f of failures) {
    error(`electronegativity: ${f.severity} ${f.check} at ${where(f)}: ${f.description} (${f.url})`);
    if (f.sample) error(`    ${f.sample}`);
  }
  for (const s of stale) {
    error(
      `electronegativity: ${ALLOW_LIST_FILE} allows ${s.count} ${s.check} in ${s.file}, but the scan found ${s.found ?? 0}: ` +
        'remove or correct the entry',
    );
  }
  if (failures.length > 0 || stale.length > 0 || parseErrors.length > 0) {
    if (failures.length > 0) {
      error(`electronegativity: fix the finding, or explain it in ${ALLOW_LIST_FILE} (check, file, reason).`);
    }
    error(`electronegativity: failed (${scope}).`);
    return 1;
  }
  log(
    `electronegativity: no unexplained HIGH or MEDIUM finding (${scope}; ${allowed.length} allowed with a reason in ` +
      `${ALLOW_LIST_FILE}, ${ungated} low or informational).`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`electronegativity: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    },
  );
}
