// A core with the accounting connector in sandbox mode: its simulator and SMTP catcher on real sockets, the platform
// API key set, and the calls a storefront makes. On SQLite unless a store is given (test/support/core-store.ts).
import { createCore } from '../../../src-main/core/create-core';
import { createAccountingConnector, ACCOUNTING_ID } from '../../../src-main/connectors/accounting';
import type { AccountingSandbox } from '../../../src-main/connectors/accounting/sandbox';
import { forgetAccountingPacers } from '../../../src-main/connectors/accounting/client';
import type { SmtpCatcher, CaughtMessage } from '../../../src-main/sandbox/smtp-catcher';
import type { ChannelInput, ChannelName, ChannelOutput, FieldValue, RunSummary } from '../../../src-preload/contract';
import { memoryCredentials } from '../../support/memory-credentials';
import { FAST_RETRY, tempDir, until } from '../../support/harness';
import { sqliteCoreStore, type CoreStore } from '../../support/core-store';

export const PASSWORD_IN_EMAIL = /Password: ([a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5})/;

export async function startAccountingCore(opts: { customers?: number; flaggedShare?: number; dataDir?: string; store?: CoreStore } = {}) {
  forgetAccountingPacers();
  const dataDir = opts.dataDir ?? tempDir('syncdesk-accounting-');
  const store = await (opts.store ?? sqliteCoreStore).open(dataDir);
  const core = await createCore({
    ...store.core,
    mode: 'headless',
    dataDir,
    launch: { port: 0, listenerPort: 0, sandbox: true, listenerHost: '127.0.0.1' },
    connectors: [createAccountingConnector({ customers: opts.customers ?? 100, flaggedShare: opts.flaggedShare ?? 0 })],
    credentials: memoryCredentials(),
    jobRunner: { retry: FAST_RETRY, pollMs: 20, leaseMs: 5_000 },
  }).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const services = core.services;
  const sandbox = services.sandboxes.get(ACCOUNTING_ID) as AccountingSandbox;
  const catcher = services.sandboxes.get(ACCOUNTING_ID, 'SMTP catcher') as SmtpCatcher;

  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const r = await core.dispatch(channel, input);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code, issues: r.error.issues });
    return r.data as ChannelOutput<C>;
  }
  const { newKey } = await call('platform:rotate-key', {});

  return {
    core,
    services,
    repos: services.repos,
    sandbox,
    catcher,
    dataDir,
    call,
    /** Read-only SQL on the core's store, for assertions. */
    sql: store.sql,
    async configure(values: Record<string, FieldValue>): Promise<void> {
      await call('connections:save', { connectorId: ACCOUNTING_ID, values, secrets: {} });
    },
    /** Sync Now on the Customers task; resolves with the finished run. */
    async run(): Promise<RunSummary> {
      const started = await call('sync:run', { connectorId: ACCOUNTING_ID, taskId: 'customers' });
      const run = await services.tasks.wait(started.runId);
      if (!run) throw new Error('the run left no record');
      return run;
    },
    async items(runId: number) {
      return (await call('sync:run-detail', { runId, limit: 500 })).items;
    },
    /** POST /platform/login as a storefront does. */
    async login(email: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
      const res = await fetch(`${core.listenerUrl}/platform/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': newKey },
        body: JSON.stringify({ email, password }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async post(path: string, body: unknown, key: string | null = newKey) {
      const res = await fetch(`${core.listenerUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) }, body: JSON.stringify(body) });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
    },
    /** Every email the catcher holds for an address, oldest first. */
    mailTo(email: string): CaughtMessage[] {
      return catcher.list().filter((m) => m.to.some((t) => t.toLowerCase() === email.toLowerCase()));
    },
    passwordIn(m: CaughtMessage): string {
      const found = PASSWORD_IN_EMAIL.exec(m.text);
      if (!found) throw new Error(`no password in the email "${m.subject}"`);
      return found[1]!;
    },
    async settled(): Promise<void> {
      await services.jobs.whenSettled();
    },
    until,
    async close() {
      await core.close();
      await store.close();
    },
  };
}

export type AccountingCore = Awaited<ReturnType<typeof startAccountingCore>>;
