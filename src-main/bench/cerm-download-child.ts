// The CERM download's memory on its own: a child process of the bench program opens a core over a data folder of its
// own, runs one first download against the simulator child, and reports the process's peak resident set (the
// kernel's high-water mark, not a sample).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CERM_ID } from '../connectors/cerm';
import { benchCore, pointAtRemote } from './cerm-scenario';

export const CERM_DOWNLOAD_CHILD = 'cerm-download-child';

export async function runCermDownloadChild([url, customers, dir]: string[]): Promise<void> {
  mkdirSync(dir!, { recursive: true });
  const core = await benchCore(Number(customers), dir!);
  try {
    await pointAtRemote(core, url!);
    const { tasks } = core.services;
    const run = await tasks.wait((await tasks.start(CERM_ID, 'download-customers', 'manual')).runId);
    if (run?.status !== 'success') throw new Error(`download-customers ended ${run?.status}: ${run?.message}`);
    console.log(JSON.stringify({ records: run.counts.fetched, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  } finally {
    await core.close();
  }
}

export async function freshDownloadRss(url: string, customers: number, dir: string): Promise<{ records: number; peakRssMb: number }> {
  const child = spawn(process.execPath, [process.argv[1]!, CERM_DOWNLOAD_CHILD, url, String(customers), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`the download child ended with code ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as { records: number; peakRssMb: number };
}
