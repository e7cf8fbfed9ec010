// What both crash tests share: bundle a child entry with vite (migrations inlined as in the app), then run it and
// kill it with SIGKILL once it reports enough finished jobs. The child prints READY, "DONE <n>" lines and SETTLED.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { nodeWorkerPlugin } from './node-worker-plugin';

const ROOT = resolve(__dirname, '../..');

export async function bundleChild(entry: string, outDirName: string): Promise<string> {
  const outDir = join(ROOT, 'out', outDirName);
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    plugins: [nodeWorkerPlugin()],
    build: {
      ssr: join(ROOT, entry),
      outDir,
      emptyOutDir: true,
      target: 'node22',
      rollupOptions: { output: { format: 'esm', entryFileNames: 'child.mjs' } },
    },
  });
  return join(outDir, 'child.mjs');
}

export interface ChildRun {
  killed: boolean;
  settled: boolean;
  code: number | null;
  stderr: string;
  /** The child's last output lines (for a failure's message). */
  lastLines: string[];
}

/**
 * Runs the child until `killWhen(done)` says so (SIGKILL), or until it settles. `env` adds to the child's environment
 * (the store its core opens: test/support/core-store.ts).
 */
export function runChild(script: string, args: string[], killWhen: ((done: number) => boolean) | null, env: Record<string, string> = {}): Promise<ChildRun> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let killed = false;
    let settled = false;
    let ready = false;
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.setEncoding('utf8');
    const lastLines: string[] = [];
    child.stdout!.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (line) lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        if (line === 'READY') ready = true;
        if (line === 'SETTLED') settled = true;
        const m = /^DONE (\d+)$/.exec(line);
        if (m && ready && !killed && killWhen?.(Number(m[1]))) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`child did not finish; stderr: ${stderr}`));
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolvePromise({ killed, settled, code, stderr, lastLines });
    });
  });
}
