// A bench's remote side runs in a child process of the bench program (the remote system is another machine): this is
// the bench's end of that pipe. The child prints one JSON line (its addresses), then answers one JSON command per
// stdin line with one JSON line; {op: 'stop'} ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

export interface SimChild<U> {
  urls: U;
  /** The child's process id (the server bench reads its CPU time). */
  pid: number;
  ask<T>(cmd: object): Promise<T>;
  close(): Promise<void>;
}

/** Starts this same program as `name args...` (with `env` added to this one's) and waits for the line with its addresses. */
export async function startSimChild<U>(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<SimChild<U>> {
  const child: ChildProcess = spawn(process.execPath, [process.argv[1]!, name, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let ended: Error | null = null;
  lines.on('line', (l) => waiting.shift()?.resolve(l));
  // A child that dies (a crash, a failed start) fails what waits for it instead of leaving it waiting for ever; 'close'
  // comes after its output's last line.
  child.on('close', (code, signal) => {
    ended = new Error(`${name} ended (${signal ?? `exit code ${code}`}) before it answered`);
    for (const w of waiting.splice(0)) w.reject(ended);
  });
  const next = () => new Promise<string>((resolve, reject) => (ended ? reject(ended) : waiting.push({ resolve, reject })));
  const urls = JSON.parse(await next()) as U;
  return {
    urls,
    pid: child.pid!,
    async ask<T>(cmd: object): Promise<T> {
      const answer = next();
      child.stdin!.write(`${JSON.stringify(cmd)}\n`);
      return JSON.parse(await answer) as T;
    },
    async close() {
      const answer = next();
      child.stdin!.write(`${JSON.stringify({ op: 'stop' })}\n`);
      await answer;
      child.stdin!.end();
    },
  };
}
