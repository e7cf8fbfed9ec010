import { parseArgs } from 'node:util';
import { runLogScenario } from './log-scenario';
import type { BenchResult } from './bench-types';

type Scenario = (args: Record<string, string | undefined>) => Promise<BenchResult>;

// Connector issues add their scenarios here.
const SCENARIOS: Record<string, { help: string; run: Scenario }> = {
  log: {
    help: 'log [--rows N]  integration log page queries over N rows (default 1,000,000)',
    run: (a) => runLogScenario({ rows: Number(a.rows ?? 1_000_000) }),
  },
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const scenario = name ? SCENARIOS[name] : undefined;
  if (!scenario) {
    console.error(`usage: npm run bench -- <scenario> [options]\n${Object.values(SCENARIOS).map((s) => `  ${s.help}`).join('\n')}`);
    process.exit(2);
  }
  const { values } = parseArgs({ args: rest, strict: false, options: {} });
  const result = await scenario.run(values as Record<string, string | undefined>);
  const width = Math.max(...result.table.map(([k]) => k.length));
  console.log(result.title);
  for (const [k, v] of result.table) console.log(`  ${k.padEnd(width)}  ${v}`);
  // The last line is machine-readable: one JSON object with the figures.
  console.log(JSON.stringify(result.json));
}

main().catch((err: Error) => {
  console.error(`bench failed: ${err.message}`);
  process.exit(1);
});
