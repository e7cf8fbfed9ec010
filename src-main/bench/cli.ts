import { runLogScenario } from './log-scenario';
import { runCermScenario } from './cerm-scenario';
import { runConfirmScenario } from './confirm-scenario';
import type { BenchResult } from './bench-types';
import { CRASH_CHILD, runConfirmCrashChild } from './confirm-crash-round';
import { runAccountingScenario } from './accounting-scenario';
import { runAccountingSimChild, SIM_CHILD } from './accounting-sim-child';
import { runErpScenario } from './erp-scenario';
import { ERP_SIM_CHILD, runErpSimChild } from './erp-sim-child';
import { CONFIRM_SIM_CHILD, runConfirmSimChild } from './confirm-sim-child';
import { CERM_SIM_CHILD, runCermSimChild } from './cerm-sim-child';
import { CERM_DOWNLOAD_CHILD, runCermDownloadChild } from './cerm-download-child';
import { enginesOf, runServerScenario } from './server-scenario';
import { runServerEngineChild, SERVER_ENGINE_CHILD } from './server-engine-child';

type Scenario = (args: Record<string, string | undefined>) => Promise<BenchResult>;

// Connector issues add their scenarios here.
const SCENARIOS: Record<string, { help: string; run: Scenario }> = {
  log: {
    help: 'log [--rows N] [--write-rows M] [--writers W]  integration log writes by W writers at once (engine vs limit, 3 rounds of M lines), page and search queries over N rows, retention cleanup, contract-call p99 (default 1,000,000, 100,000 and 64)',
    run: (a) => runLogScenario({ rows: Number(a.rows ?? 1_000_000), writeRows: Number(a['write-rows'] ?? 100_000), writers: Number(a.writers ?? 64) }),
  },
  cerm: {
    help: 'cerm [--customers N] [--rounds R]  CERM download (first run, unchanged re-run) and address sync (first run, 1% changed) through the engine vs the limit (the smallest correct program), simulator in a child process, medians of R alternated rounds, contract-call p99, CSV/XLSX export (default 100,000 and 3)',
    run: (a) => runCermScenario({ customers: Number(a.customers ?? 100_000), rounds: Number(a.rounds ?? 3) }),
  },
  accounting: {
    help: 'accounting [--customers N] [--flagged M]  import N customers (M flagged) with welcome emails through the engine vs a raw baseline, 1% incremental, hash rate, contract-call p99 (default 100,000 and 2,000)',
    run: (a) => runAccountingScenario({ customers: Number(a.customers ?? 100_000), flagged: Number(a.flagged ?? 2_000) }),
  },
  erp: {
    help: 'erp [--accounts N] [--prices M]  ERP accounts full sync and price export (engine vs raw), 1% incremental, 1,000 orders with pending changes through the queue vs raw, contract-call p99 (default 100,000 and 1,000,000)',
    run: (a) => runErpScenario({ accounts: Number(a.accounts ?? 100_000), prices: Number(a.prices ?? 1_000_000) }),
  },
  confirm: {
    help: 'confirm [--enquiries N]  raise N enquiries through the queue against the simulator in a child process (engine vs limit and raw baseline), CRM Agent updates applied per second, contract-call p99 (default 1,000)',
    run: (a) => runConfirmScenario({ enquiries: Number(a.enquiries ?? 1_000) }),
  },
  server: {
    help: 'server [--customers N] [--enquiries M] [--engines 1,2,3] [--rounds R] [--database URL]  the team server: the CERM download on SQLite and PostgreSQL (each vs its limit), the Confirm raise on SQLite and on PostgreSQL shared by each number of engine processes on one database, the simulators in child processes answering Confirm after 5 ms, duplicates counted by the simulator, CPU seconds per process, contract-call p99; a private PostgreSQL cluster unless --database / SYNCDESK_DATABASE_URL names a server to make scratch databases on (default 100,000, 1,000, 1,2,3 and 3)',
    run: (a) => runServerScenario({
      customers: Number(a.customers ?? 100_000),
      enquiries: Number(a.enquiries ?? 1_000),
      engines: enginesOf(a.engines ?? '1,2,3'),
      rounds: Number(a.rounds ?? 3),
      database: a.database ?? process.env.SYNCDESK_DATABASE_URL,
      ...(a.only === 'cerm' || a.only === 'confirm' ? { only: a.only } : {}),
    }),
  },
};

/** `--name value` pairs (and `--name=value`); a flag without a value reads as "true". */
export function optionsOf(args: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (inline !== undefined) out[name] = inline;
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) out[name] = args[++i];
    else out[name] = 'true';
  }
  return out;
}

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  // The Confirm bench's crash round runs a core in a child process of this same program.
  if (name === CRASH_CHILD) return runConfirmCrashChild(rest).then(() => process.exit(0));
  if (name === SIM_CHILD) return runAccountingSimChild(rest).then(() => process.exit(0));
  if (name === ERP_SIM_CHILD) return runErpSimChild(rest).then(() => process.exit(0));
  if (name === CONFIRM_SIM_CHILD) return runConfirmSimChild().then(() => process.exit(0));
  if (name === CERM_SIM_CHILD) return runCermSimChild(rest).then(() => process.exit(0));
  if (name === CERM_DOWNLOAD_CHILD) return runCermDownloadChild(rest).then(() => process.exit(0));
  if (name === SERVER_ENGINE_CHILD) return runServerEngineChild(rest).then(() => process.exit(0));
  const scenario = name ? SCENARIOS[name] : undefined;
  if (!scenario) {
    console.error(`usage: npm run bench -- <scenario> [options]\n${Object.values(SCENARIOS).map((s) => `  ${s.help}`).join('\n')}`);
    process.exit(2);
  }
  const result = await scenario.run(optionsOf(rest));
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
