// A contract call made every 10 ms while a bench phase runs, as the renderer would: its latency counts the time the
// call waited past its due moment (a busy main thread), not only the handler.

export interface ProbeFigures {
  calls: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

const round1 = (x: number) => Math.round(x * 10) / 10;

export function figuresOf(latencies: number[]): ProbeFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { calls: sorted.length, p50_ms: round1(percentile(sorted, 50)), p99_ms: round1(percentile(sorted, 99)), max_ms: round1(sorted.at(-1) ?? 0) };
}

/** Starts calling `call` every 10 ms; `stop()` ends it and answers the latencies seen since start (or the last take). */
export function startProbe(call: () => Promise<unknown>) {
  const latencies: number[] = [];
  let on = true;
  let failed: unknown = null;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    const due = performance.now() + 10;
    setTimeout(() => {
      if (!on) return;
      const start = performance.now();
      current = call().then(
        () => {
          latencies.push(performance.now() - start + Math.max(0, start - due));
          if (on) tick();
        },
        (err: unknown) => {
          on = false;
          failed = err;
        },
      );
    }, 10);
  };
  tick();
  return {
    /** The latencies so far, emptied: one phase's figures. */
    take(): number[] {
      return latencies.splice(0);
    },
    async stop(): Promise<number[]> {
      on = false;
      await current;
      if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
      return latencies.splice(0);
    },
  };
}
