import type { LaunchOptions } from '../config/args';
import type { Connector } from '../connectors/connector';
import type { ShellHooks } from '../core/core-handle';
import { createCore, type CoreOptions } from '../core/create-core';
import { startHeadlessServer } from './headless-server';
import type { HttpLimits } from '../listener/http-limits';
import { createStaffSessions } from '../staff/staff-sessions';
import { createTeamDispatch } from '../staff/team-dispatch';
import { createTeamGuard } from './team-guard';
import { publicOriginOf } from './request-guard';

export interface StartHeadlessOptions {
  dataDir: string;
  launch: LaunchOptions;
  /** The renderer build (out/renderer beside the built serve.js). */
  rendererDir: string;
  connectors?: Connector[];
  core?: Partial<CoreOptions>;
  /** The console server's timeouts and connection cap, where not HEADLESS_LIMITS (tests use small ones). */
  limits?: Partial<HttpLimits>;
  /** Team mode: staff sign in instead of the per-start token; trustProxy believes a TLS proxy's X-Forwarded-* headers. */
  team?: { trustProxy?: boolean; idleMs?: number; publicUrls?: string[]; sessionSweepMs?: number };
  /** HTTPS with this certificate and key (PEM): session cookies are then Secure. */
  tls?: { cert: Buffer; key: Buffer };
  /** The console's address (127.0.0.1); `serve` allows another only in team mode, with TLS or a public https URL. */
  host?: string;
  /** Downloads, exports and attachments in this folder (one every engine shares) instead of the data folder. */
  filesDir?: string;
}

export async function startHeadless(opts: StartHeadlessOptions) {
  // The export hook needs the server's token, and the server needs the core: bind it once both exist.
  const hooks: ShellHooks = {};
  const core = await createCore({
    mode: 'headless',
    dataDir: opts.dataDir,
    launch: opts.launch,
    hooks,
    ...(opts.connectors ? { connectors: opts.connectors } : {}),
    ...(opts.filesDir ? { filesDir: opts.filesDir } : {}),
    ...opts.core,
  });
  try {
    const { repos, now } = core.services;
    const team = opts.team
      ? createTeamGuard({
          sessions: createStaffSessions({ repos, now }, opts.team.idleMs ? { idleMs: opts.team.idleMs } : {}),
          dispatch: createTeamDispatch({ dispatch: core.dispatch, repos, now }),
          trustProxy: opts.team.trustProxy ?? false,
          publicOrigins: (opts.team.publicUrls ?? []).map(publicOriginOf),
        })
      : undefined;
    const server = await startHeadlessServer(core, {
      ...(team ? { team } : {}),
      ...(opts.team?.sessionSweepMs ? { sessionSweepMs: opts.team.sessionSweepMs } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      host: opts.host ?? '127.0.0.1',
      port: opts.launch.port,
      rendererDir: opts.rendererDir,
      exportsDir: core.services.paths.exports,
      ...(opts.limits ? { limits: opts.limits } : {}),
    });
    hooks.downloadUrlFor = server.downloadUrlFor;
    return {
      core,
      server,
      async close() {
        await server.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close();
    throw err;
  }
}
