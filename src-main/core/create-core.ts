import { join } from 'node:path';
import type { CoreHandle, ShellHooks, ShellMode } from './core-handle';
import type { LaunchOptions } from '../config/args';
import type { Connector } from '../connectors/connector';
import type { CredentialStore } from '../secrets/credential-store';
import type { JobRunnerOptions } from '../engine/job-runner';
import type { CoreServices } from './services';
import { ensureDataPaths } from '../config/data-dir';
import { createKeytarStore } from '../secrets/credential-store';
import { createEventBus } from '../engine/event-bus';
import { createRedactor } from '../engine/redactor';
import { createIntegrationLog } from '../engine/integration-log';
import { shippedConnectors } from '../connectors/registry';
import { createSandboxManager } from '../sandbox/sandbox-manager';
import { createConnectionService } from '../connectors/connection-service';
import { createJobRunner } from '../engine/job-runner';
import { createTaskRunner } from '../engine/task-runner';
import { createPreviewRunner } from '../engine/preview-runner';
import { sqliteScratch } from '../engine/preview-scratch';
import { pgScratch } from '../engine/preview-scratch-pg';
import { createScheduler } from '../engine/scheduler';
import { createRouter } from '../ipc/router';
import { createHandlers } from '../ipc/handlers';
import { startListener, type ListenerRoute } from '../listener/listener-server';
import type { HttpLimits } from '../listener/http-limits';
import { createDiagnosticLog } from './diagnostic-log';
import { createRegistrationService } from '../customers/registration-service';
import { createPlatformKey, platformRoutes } from '../customers/platform-api';
import { createCaseService } from '../cases/case-service';
import { attachmentRoute } from '../cases/attachment-route';
import { createDomainEvents } from '../events/domain-events';
import { createMailService } from '../mail/mail-service';
import { signInRoutes } from '../customers/sign-in-routes';
import { createSqliteJobQueue, type JobQueue } from '../engine/job-queue';
import { createPgBossJobQueue } from '../team-server/pg-boss-queue';
import { runExport } from '../export/run-export';
import { installConnectors } from './install-connectors';
import { recoverInterruptedWork, SWEEP_EVERY_MS } from '../engine/recovery';
import { createAccountService } from '../accounts/account-service';
import { createPriceService } from '../accounts/price-service';
import { createOrderService } from '../accounts/order-service';
import { orderRoutes } from '../accounts/order-routes';
import { createOpsService } from '../ops/ops-service';
import { createErrorWorkspace } from '../errors-workspace/error-workspace';
import { createAlertsService } from '../alerts/alerts-service';
import { hostname, userInfo } from 'node:os';
import { createStaffAccounts } from '../staff/staff-accounts';
import { actingStaff } from '../staff/acting-staff';
import { openStore, withoutPassword, type PostgresChoice } from './open-store';
import { createPgEventRelay, type EventRelay } from '../team-server/event-relay';

export interface CoreOptions {
  mode: ShellMode;
  dataDir: string;
  launch: LaunchOptions;
  hooks?: ShellHooks;
  /** Defaults to the shipped connectors; tests plug their own. */
  connectors?: Connector[];
  credentials?: CredentialStore;
  /** Downloads, exports and attachments here (a folder every engine of a team server shares), not in the data folder. */
  filesDir?: string;
  /** A team server: the store on this PostgreSQL database (secrets sealed in it) instead of the data folder's SQLite. */
  postgres?: PostgresChoice;
  jobRunner?: JobRunnerOptions;
  now?: () => number;
  /** Extra inbound routes (connectors add theirs here as they land). */
  listenerRoutes?: ListenerRoute[];
  /** The listener's timeouts and connection cap, where not LISTENER_LIMITS (tests use small ones). */
  listenerLimits?: Partial<HttpLimits>;
  schedulerTickMs?: number;
  /** How often the alerts' digest email looks whether it is due. */
  alertDigestTickMs?: number;
  /** How often retention and backups look whether they are due (tests use a short one). */
  opsTickMs?: number;
  retentionBatchSize?: number;
  credentialRecoveryMs?: number;
  sandboxSeed?: number;
}

export const APP_VERSION = '0.1.0';

/** Builds the whole core: store, keychain, engine, sandboxes, listener and the contract's router. */
export async function createCore(options: CoreOptions): Promise<CoreHandle & { services: CoreServices }> {
  const now = options.now ?? Date.now;
  const paths = ensureDataPaths(options.dataDir, options.filesDir);
  const diag = createDiagnosticLog(paths.logs);
  const store = await openStore({ paths, connectors: options.connectors ?? shippedConnectors(), ...(options.postgres ? { postgres: options.postgres } : {}), now, onInfo: (m) => diag.info(m) });
  const { repos, registry } = store;
  const bus = createEventBus();
  const redactor = createRedactor();
  diag.setRedactor(redactor);
  const log = createIntegrationLog(repos.log, bus, redactor, now, (err) => diag.error('log search index', err));
  const credentials = options.credentials ?? store.credentials ?? createKeytarStore();
  // Several engines on one database: what this one's bus emits reaches the consoles of the others, and theirs its own.
  const team = store.postgres;
  const relay: EventRelay | null = team
    ? createPgEventRelay(team.pool, bus, { connectionString: team.url, application_name: 'syncdesk events' }, { onStatus: (m) => diag.info(m) })
    : null;
  await relay?.ready;
  // Committed before the simulators start, so even after a kill -9 the next start numbers from further on.
  const sandboxes = createSandboxManager(registry, options.sandboxSeed ?? 42, async () => {
    const generation = await repos.settings.get('sandboxGeneration', -1) + 1;
    await repos.settings.set('sandboxGeneration', generation);
    return generation;
  });

  // A fresh data folder starts in sandbox mode; a flag on the command line wins and is remembered.
  let sandboxOn = options.launch.sandbox ?? (await repos.settings.get('sandboxMode', true));
  await repos.settings.set('sandboxMode', sandboxOn);
  if (sandboxOn) await sandboxes.startAll();

  const connections = createConnectionService({ repos, credentials, redactor, sandboxes, sandboxMode: () => sandboxOn, now });
  const files = { downloads: paths.downloads, exports: paths.exports, host: hostname() };
  // On a team server the jobs go through pg-boss (several engines share them); on the desktop, the jobs table.
  const queue: JobQueue & { close?(): Promise<void> } =
    team
      ? await createPgBossJobQueue({
          repos: team.repos,
          url: team.url,
          connectorIds: registry.all().map((c) => c.id),
          now,
          onEnqueued: () => jobs.kick(),
          onError: (err) => diag.error('job queue (pg-boss)', err),
        })
      : createSqliteJobQueue(repos, { now, onEnqueued: () => jobs.kick() });
  const events = createDomainEvents();
  const mail = createMailService({ repos, credentials, sandboxMode: () => sandboxOn, simulators: () => sandboxes.running() });
  const jobs = createJobRunner({ repos, queue, registry, connections, log, bus, now, files }, { onError: (err) => diag.error('job runner', err), ...options.jobRunner });
  const tasks = createTaskRunner({ repos, queue, registry, connections, log, bus, now, files, onJobsEnqueued: () => jobs.kick(), onError: (err) => diag.error('task runner', err) });
  const scheduler = createScheduler({ repos, registry, tasks, now }, options.schedulerTickMs);

  const shared = team !== null;
  await recoverInterruptedWork({ repos, queue, now, logReclaimed: jobs.logInterrupted, shared });
  await scheduler.seedDefaults();

  let listenerUrl: string | null = null;
  const hooks = options.hooks ?? {};
  const installed = installConnectors(registry, {
    repos,
    connections,
    credentials,
    log,
    bus,
    events,
    queue,
    mail,
    now,
    files: { ...files, root: paths.root },
    listenerUrl: () => listenerUrl,
    sandboxMode: () => sandboxOn,
    simulator: (id, name) => sandboxes.get(id, name),
    runExport: (fileName, write) => runExport({ hooks, exportsDir: paths.exports }, fileName, write),
  });
  const registration = createRegistrationService({ repos, events, log, now, policy: () => installed.registration });
  const platformKey = createPlatformKey(credentials);
  const accounts = createAccountService({ repos, events, log, now, policy: () => installed.accounts });
  const prices = createPriceService({ repos, log, now });
  const ops = createOpsService({ repos, registry, credentials, paths, version: APP_VERSION, now, onError: (what, err) => diag.error(what, err), tickMs: options.opsTickMs, retentionBatchSize: options.retentionBatchSize, fileBackups: !shared });
  const cases = createCaseService({ repos, events, log, now, attachmentsDir: paths.attachments });
  // A preview's task runs on a copy of the SQLite file, or on a team server in a PostgreSQL transaction rolled back.
  const scratchDeps = { connectors: () => registry.all(), customerIdentity: registry.all().find((c) => c.customerIdentity)?.id ?? null, now };
  const previews = createPreviewRunner({
    repos,
    connectors: () => registry.all(),
    scratch: team ? pgScratch(team.pool, scratchDeps) : sqliteScratch(repos, scratchDeps),
    connections,
    redactor,
    now,
    scratchRoot: join(paths.root, 'previews'),
  });
  // On a team server the signed-in user acts; on the desktop, this machine's user.
  const actor = () => actingStaff()?.email ?? staffName();
  const errors = createErrorWorkspace({ repos, registry, tasks, kickJobs: () => jobs.kick(), bus, now, actor });
  const alerts = createAlertsService({ repos, registry, bus, mail, now, onError: (what, err) => diag.error(what, err), digestTickMs: options.alertDigestTickMs });

  const services: CoreServices = {
    mode: options.mode,
    version: APP_VERSION,
    storeKind: shared ? 'postgres' : 'sqlite',
    paths,
    repos,
    registry,
    connections,
    credentials,
    tasks,
    previews,
    jobs,
    scheduler,
    sandboxes,
    log,
    bus,
    hooks,
    now,
    listenerUrl: () => listenerUrl,
    registration,
    platformKey,
    cases,
    events,
    queue,
    mail,
    accounts,
    prices,
    ops,
    errors,
    alerts,
    staff: createStaffAccounts({ repos, now }),
    actor,
    sandboxMode: {
      get: () => sandboxOn,
      async set(on: boolean) {
        if (on === sandboxOn) return;
        sandboxOn = on;
        await repos.settings.set('sandboxMode', on);
        if (on) await sandboxes.startAll();
        else await sandboxes.stopAll();
        for (const c of registry.all()) bus.emit('connections:changed', { connectorId: c.id });
      },
    },
  };

  const listener = await startListener({
    host: options.launch.listenerHost,
    port: options.launch.listenerPort,
    routes: [
      ...platformRoutes({ key: platformKey, registration, log, now }),
      ...signInRoutes({ key: platformKey, repos, log, now }),
      ...orderRoutes({ key: platformKey, orders: createOrderService({ repos, events, log, now }), log, now }),
      ...installed.routes,
      attachmentRoute({ repos, attachmentsDir: paths.attachments, now }),
      ...(options.listenerRoutes ?? []),
    ],
    diag,
    limits: options.listenerLimits,
  });
  listenerUrl = listener.url;

  const dispatch = createRouter(createHandlers(services), installed.channels, { onInternal: (err) => diag.error('handler failed', err), redact: log.redact });
  alerts.start();
  jobs.start();
  await scheduler.start();
  ops.start();
  // A keychain that went away (locked, daemon restarted) may come back: then paused connections resume by themselves.
  async function resumeWhenKeychainAnswers(): Promise<void> {
    const waiting = [];
    for (const c of registry.all()) if ((await repos.connections.get(c.id))?.state === 'credentials_unavailable') waiting.push(c);
    if (waiting.length === 0 || !(await credentials.status()).reachable) return;
    for (const c of waiting) {
      await repos.connections.setState(c.id, 'ready', null);
      bus.emit('connections:changed', { connectorId: c.id });
    }
    jobs.kick();
  }
  const recovery = setInterval(() => void resumeWhenKeychainAnswers().catch((err: unknown) => diag.error('credential recovery', err)), options.credentialRecoveryMs ?? 30_000);
  recovery.unref();
  // Engines sharing a database: the runs and downloads of an engine that died (kill -9, a lost machine) are closed by
  // whichever engine is still up once they have gone quiet; its jobs come back through the runner's lease reclaim.
  const sweep = shared
    ? setInterval(() => void recoverInterruptedWork({ repos, queue, now, logReclaimed: jobs.logInterrupted, shared }).catch((err: unknown) => diag.error('stale work sweep', err)), SWEEP_EVERY_MS)
    : null;
  sweep?.unref();
  diag.info(`core started (${options.mode}) ${team ? `database=${withoutPassword(team.url)} data=` : 'data='}${paths.root}${paths.files !== paths.root ? ` files=${paths.files}` : ''} sandbox=${sandboxOn}`);

  let closed = false;
  return {
    mode: options.mode,
    dataDir: paths.root,
    listenerUrl: listener.url,
    services,
    dispatch,
    onEvent: (listener) => bus.subscribe(listener),
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      ops.stop();
      alerts.stop();
      clearInterval(recovery);
      if (sweep) clearInterval(sweep);
      await tasks.stop();
      await jobs.stop();
      mail.close();
      log.flush();
      await listener.close();
      await sandboxes.stopAll();
      // Log lines written meanwhile (a request answered as the listener closed) commit before the store closes.
      await log.settled();
      log.stop();
      await queue.close?.();
      await relay?.close();
      await store.close();
      diag.info('core stopped');
      diag.close();
    },
  };
}

/** This machine's user, as history lines name who retried or resolved an error. */
function staffName(): string {
  try {
    return userInfo().username || 'staff';
  } catch {
    return 'staff';
  }
}
