import { join } from 'node:path';
import type { CoreHandle, ShellHooks, ShellMode } from './core-handle';
import type { LaunchOptions } from '../config/args';
import type { Connector } from '../connectors/connector';
import type { CredentialStore } from '../secrets/credential-store';
import type { JobRunnerOptions } from '../engine/job-runner';
import type { CoreServices } from './services';
import { ensureDataPaths } from '../config/data-dir';
import { lockDataDir } from '../config/data-dir-lock';
import { openDatabase } from '../store/database';
import { createRepositories } from '../store/repositories';
import { createKeytarStore } from '../secrets/credential-store';
import { createEventBus } from '../engine/event-bus';
import { createRedactor } from '../engine/redactor';
import { createIntegrationLog } from '../engine/integration-log';
import { createRegistry, shippedConnectors, type ConnectorRegistry } from '../connectors/registry';
import { createSandboxManager } from '../sandbox/sandbox-manager';
import { createConnectionService } from '../connectors/connection-service';
import { createJobRunner } from '../engine/job-runner';
import { createTaskRunner } from '../engine/task-runner';
import { createPreviewRunner } from '../engine/preview-runner';
import { createScheduler } from '../engine/scheduler';
import { createRouter } from '../ipc/router';
import { createHandlers } from '../ipc/handlers';
import { startListener, type ListenerRoute } from '../listener/listener-server';
import type { HttpLimits } from '../listener/http-limits';
import { createDiagnosticLog } from './diagnostic-log';
import { createRegistrationService } from '../customers/registration-service';
import { createPlatformKey, platformRoutes } from '../customers/platform-api';
import { createCaseService } from '../cases/case-service';
import { attachmentsDirOf } from '../cases/attachment-store';
import { attachmentRoute } from '../cases/attachment-route';
import { createDomainEvents } from '../events/domain-events';
import { createMailService } from '../mail/mail-service';
import { signInRoutes } from '../customers/sign-in-routes';
import { createSqliteJobQueue } from '../engine/job-queue';
import { runExport } from '../export/run-export';
import { installConnectors } from './install-connectors';
import { recoverInterruptedWork } from '../engine/recovery';
import { createAccountService } from '../accounts/account-service';
import { createPriceService } from '../accounts/price-service';
import { createOrderService } from '../accounts/order-service';
import { orderRoutes } from '../accounts/order-routes';
import { createOpsService } from '../ops/ops-service';
import { applyStagedRestore } from '../ops/restore';
import { createErrorWorkspace } from '../errors-workspace/error-workspace';
import { createAlertsService } from '../alerts/alerts-service';
import { userInfo } from 'node:os';
import { createStaffAccounts } from '../staff/staff-accounts';
import { actingStaff } from '../staff/acting-staff';

export interface CoreOptions {
  mode: ShellMode;
  dataDir: string;
  launch: LaunchOptions;
  hooks?: ShellHooks;
  /** Defaults to the shipped connectors; tests plug their own. */
  connectors?: Connector[];
  credentials?: CredentialStore;
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
  const paths = ensureDataPaths(options.dataDir);
  const lock = lockDataDir(paths.root);
  const diag = createDiagnosticLog(paths.logs);
  let db;
  try {
    // A restore staged by the last run goes in before anything opens the database.
    const restored = applyStagedRestore(paths, now());
    if (restored) diag.info(restored);
    db = openDatabase(paths.database);
  } catch (err) {
    lock.release();
    throw err;
  }
  let registry: ConnectorRegistry;
  try {
    registry = createRegistry(options.connectors ?? shippedConnectors(), db);
  } catch (err) {
    db.close();
    lock.release();
    throw err;
  }
  const repos = createRepositories(db, { customerIdentity: registry.all().find((c) => c.customerIdentity)?.id ?? null });
  const bus = createEventBus();
  const redactor = createRedactor();
  diag.setRedactor(redactor);
  const log = createIntegrationLog(repos.log, bus, redactor, now, (err) => diag.error('log search index', err));
  const credentials = options.credentials ?? createKeytarStore();
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
  const files = { downloads: paths.downloads, exports: paths.exports };
  const queue = createSqliteJobQueue(repos, { now, onEnqueued: () => jobs.kick() });
  const events = createDomainEvents();
  const mail = createMailService({ repos, credentials, sandboxMode: () => sandboxOn, simulators: () => sandboxes.running() });
  const jobs = createJobRunner({ repos, queue, registry, connections, log, bus, now, files }, { onError: (err) => diag.error('job runner', err), ...options.jobRunner });
  const tasks = createTaskRunner({ repos, queue, registry, connections, log, bus, now, files, onJobsEnqueued: () => jobs.kick(), onError: (err) => diag.error('task runner', err) });
  const scheduler = createScheduler({ repos, registry, tasks, now }, options.schedulerTickMs);

  await recoverInterruptedWork({ repos, queue, now, logReclaimed: jobs.logInterrupted });
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
  const ops = createOpsService({ repos, registry, credentials, paths, version: APP_VERSION, now, onError: (what, err) => diag.error(what, err), tickMs: options.opsTickMs, retentionBatchSize: options.retentionBatchSize });
  const cases = createCaseService({ repos, events, log, now, attachmentsDir: attachmentsDirOf(paths.root) });
  const previews = createPreviewRunner({
    repos,
    connectors: () => registry.all(),
    customerIdentity: registry.all().find((c) => c.customerIdentity)?.id ?? null,
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
      attachmentRoute({ repos, attachmentsDir: attachmentsDirOf(paths.root), now }),
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
  diag.info(`core started (${options.mode}) data=${paths.root} sandbox=${sandboxOn}`);

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
      await tasks.stop();
      await jobs.stop();
      mail.close();
      log.flush();
      await listener.close();
      await sandboxes.stopAll();
      // Log lines written meanwhile (a request answered as the listener closed) commit before the store closes.
      await log.settled();
      db.close();
      diag.info('core stopped');
      diag.close();
      lock.release();
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
