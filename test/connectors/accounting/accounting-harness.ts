// The Infusion accounting simulator on a real socket, and settings and clients pointed at it.
import { afterEach } from 'vitest';
import { AccountingSandbox, SANDBOX_CREDENTIALS, type AccountingSandboxOptions } from '../../../src-main/connectors/accounting/sandbox';
import { accountingSettingsOf, type AccountingSettings } from '../../../src-main/connectors/accounting/settings';
import { createAccountingClient, forgetAccountingPacers, type AccountingClientOptions } from '../../../src-main/connectors/accounting/client';
import { RemoteError } from '../../../src-main/engine/remote-error';

const running: AccountingSandbox[] = [];

/** Stops every simulator a test started and forgets the shared pace keepers. */
export function useAccountingSandboxes(): void {
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.stop()));
    forgetAccountingPacers();
  });
}

export async function startSandbox(opts: AccountingSandboxOptions = {}): Promise<AccountingSandbox> {
  const sandbox = new AccountingSandbox({ seed: 42, ...opts });
  running.push(sandbox);
  await sandbox.start();
  return sandbox;
}

export function settingsFor(sandbox: AccountingSandbox, values: Record<string, unknown> = {}): AccountingSettings {
  return accountingSettingsOf({ apiUrl: sandbox.url, licenseUuid: SANDBOX_CREDENTIALS.licenseUuid, sessionUuid: sandbox.sessionUuid, ...values });
}

export function clientFor(sandbox: AccountingSandbox, values: Record<string, unknown> = {}, opts: AccountingClientOptions = {}) {
  return createAccountingClient(settingsFor(sandbox, values), opts);
}

/** The RemoteError a promise rejects with (fails the test if it resolves or throws something else). */
export async function remoteErrorOf(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RemoteError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** Every page of an async generator, collected. */
export async function collect<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}
