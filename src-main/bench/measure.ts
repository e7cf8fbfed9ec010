export function seconds(from: bigint): number {
  return Number(process.hrtime.bigint() - from) / 1e9;
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * With SYNCDESK_BENCH_PROFILE=<folder>, writes a V8 CPU profile of one phase (open it in Chrome DevTools); otherwise
 * does nothing. The profiler runs in the same thread, so a profiled run is slower than a plain one.
 */
export async function profilePhase<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const dir = process.env.SYNCDESK_BENCH_PROFILE;
  if (!dir) return phase();
  const { Session } = await import('node:inspector/promises');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
