// The ERP simulator on a real socket, and settings and clients pointed at it.
import { afterEach } from 'vitest';
import { ErpSandbox, SANDBOX_CREDENTIALS, type ErpSandboxOptions } from '../../../src-main/connectors/erp/sandbox';
import { erpSettingsOf, type ErpSettings } from '../../../src-main/connectors/erp/settings';
import { createErpClient, type ErpClient, type ErpClientOptions } from '../../../src-main/connectors/erp/client';
import { forgetErpSessions } from '../../../src-main/connectors/erp/session';
import { RemoteError } from '../../../src-main/engine/remote-error';

const running: ErpSandbox[] = [];
const clients: ErpClient[] = [];

/** Signs every client out and stops every simulator a test started. */
export function useErpSandboxes(): void {
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(running.splice(0).map((s) => s.stop()));
    forgetErpSessions();
  });
}

export async function startSandbox(opts: ErpSandboxOptions = {}): Promise<ErpSandbox> {
  // Small by default: the tests run in seconds; the seeded sizes have their own test.
  const sandbox = new ErpSandbox({ seed: 42, customers: 120, prices: 1_500, items: 200, ...opts });
  running.push(sandbox);
  await sandbox.start();
  return sandbox;
}

export function settingsFor(sandbox: ErpSandbox, values: Record<string, unknown> = {}): ErpSettings {
  return erpSettingsOf({ baseUrl: sandbox.url, username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password, tenant: SANDBOX_CREDENTIALS.tenant, ...values });
}

export function clientFor(sandbox: ErpSandbox, values: Record<string, unknown> = {}, opts: ErpClientOptions = {}): ErpClient {
  const c = createErpClient(settingsFor(sandbox, values), opts);
  clients.push(c);
  return c;
}

export async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

export async function remoteErrorOf(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RemoteError) return err;
    throw err;
  }
  throw new Error('expected a RemoteError, got success');
}
