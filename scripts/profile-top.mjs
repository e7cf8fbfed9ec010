// Prints the functions with the most self time in V8 CPU profiles (the bench's SYNCDESK_BENCH_PROFILE output):
//   node scripts/profile-top.mjs <file.cpuprofile | folder> [top=15]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

const [target, topArg] = process.argv.slice(2);
if (!target) {
  console.error('usage: node scripts/profile-top.mjs <file.cpuprofile | folder> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 15);
const files = statSync(target).isDirectory() ? readdirSync(target).filter((f) => f.endsWith('.cpuprofile')).sort().map((f) => join(target, f)) : [target];

for (const file of files) {
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of nodes) for (const c of n.children ?? []) parentOf.set(c, n);
  // Native work (a SQLite step, an fsync) samples as an anonymous frame without a script: name it by its caller.
  const nameOf = (n) => {
    const f = n.callFrame;
    const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : '';
    if (f.functionName || where) return `${f.functionName || '(anonymous)'} ${where}`.trim();
    const p = parentOf.get(n.id);
    return p ? `(native) in ${nameOf(p)}` : '(native)';
  };
  const selfUs = new Map();
  samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (timeDeltas[i] ?? 0)));
  const byFn = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const key = nameOf(byId.get(id));
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    total += us;
  }
  console.log(`${basename(file)}: ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [key, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${(us / 1e3).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`);
}
