// A bench's remote side runs in a child process of the bench program (the remote system is another machine): this is
// the bench's end of that pipe. The child prints one JSON line (its addresses), then answers one JSON command per
// stdin line with one JSON line; {op: 'stop'} ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

export interface SimChild<U> {
  urls: U;
  ask<T>(cmd: object): Promise<T>;
  close(): Promise<void>;
}

/** Starts this same program as `name args...` and waits for the line with its addresses. */
export async function startSimChild<U>(name: string, args: string[]): Promise<SimChild<U>> {
  const child: ChildProcess = spawn(process.execPath, [process.argv[1]!, name, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: Interface = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (l) => waiting.shift()?.(l));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const urls = JSON.parse(await next()) as U;
  return {
    urls,
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
