// The Confirm simulator on a real socket and settings that point a client at it.
import { ConfirmSandbox, SANDBOX_CREDENTIALS, SANDBOX_PATHS } from '../../../src-main/connectors/confirm/sandbox';
import { confirmSettingsOf, type ConfirmSettings } from '../../../src-main/connectors/confirm/settings';
import { createConfirmClient, forgetConfirmTokens, type ConfirmClientOptions } from '../../../src-main/connectors/confirm/client';
import { createLookupsCache } from '../../../src-main/connectors/confirm/lookups-cache';
import { SandboxServer, type SandboxRoute } from '../../../src-main/sandbox/sandbox-server';

export async function startConfirmSandbox(seed = 7): Promise<ConfirmSandbox> {
  forgetConfirmTokens();
  const sandbox = new ConfirmSandbox(seed);
  await sandbox.start();
  return sandbox;
}

export function settingsFor(url: string, overrides: Record<string, unknown> = {}): ConfirmSettings {
  return confirmSettingsOf({
    endpoint: `${url}${SANDBOX_PATHS.connector}`,
    username: SANDBOX_CREDENTIALS.username,
    password: SANDBOX_CREDENTIALS.password,
    tenantId: SANDBOX_CREDENTIALS.tenantId,
    cacheLookupsSeconds: 0,
    timezone: 'Europe/London',
    confirmWebBaseUrl: `${url}${SANDBOX_PATHS.web}`,
    timeoutMs: 5_000,
    ...overrides,
  });
}

/** A client on its own lookups cache, so tests never share cached lookups. */
export function clientFor(sandbox: ConfirmSandbox, overrides: Record<string, unknown> = {}, opts: ConfirmClientOptions = {}) {
  return createConfirmClient(settingsFor(sandbox.url!, overrides), { lookupsCache: createLookupsCache(opts.now), ...opts });
}

/** A server that answers every ProcessOperations call with the same text (for answers the simulator never gives). */
export async function startFixedServer(answer: (body: string) => { status?: number; xml: string }): Promise<SandboxServer & { bodies: string[] }> {
  const bodies: string[] = [];
  const route: SandboxRoute = (req) => {
    bodies.push(req.body);
    const a = answer(req.body);
    return { status: a.status ?? 200, body: a.xml, headers: { 'content-type': 'text/xml; charset=utf-8' } };
  };
  const server = Object.assign(new SandboxServer('fixed', 1, { [`POST ${SANDBOX_PATHS.connector}`]: route }), { bodies });
  await server.start();
  return server;
}

/** The minimal NewEnquiry the seeded lookups accept (pothole: depth is mandatory). */
export function pothole(extra: { reference?: string; description?: string } = {}) {
  return {
    fields: { ServiceCode: 'HW', SubjectCode: 'PH', EnquiryDescription: extra.description ?? 'Pothole by the bus stop', ExternalSystemReference: extra.reference ?? null },
    attributes: [{ typeCode: 'DEPT', value: { text: '40' } }],
  };
}
