import type { Alert, AlertSettings, AlertsView, RunSummary } from '../../src-preload/contract';
import { AlertSettings as AlertSettingsSchema, DEFAULT_ALERT_SETTINGS } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import type { AlertRow } from '../store/alerts-repo';
import type { ConnectorRegistry } from '../connectors/registry';
import type { EventBus } from '../engine/event-bus';
import type { MailService } from '../mail/mail-service';
import { AppErrorException } from '../errors/app-error';
import { digestOf } from './digest';

const SETTINGS_KEY = 'alerts';

export interface AlertsDeps {
  repos: Repositories;
  registry: ConnectorRegistry;
  bus: EventBus;
  mail: Pick<MailService, 'mailer'>;
  now: () => number;
  onError: (what: string, err: unknown) => void;
  /** How often the digest looks whether it is due (tests drive it by hand with a fake clock). */
  digestTickMs?: number;
}

/**
 * Alerts and self-protection: a task failing N runs in a row, or a connection waiting for credentials, raises an
 * alert (a store row, a banner, a desktop notification, one digest email); after M failed runs in a row the task
 * pauses itself (the scheduler skips it) until staff Resume it.
 */
export function createAlertsService(deps: AlertsDeps) {
  const { repos, registry, bus, now } = deps;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;
  // Evaluations run one after another, in the order events came: two run endings never race on one task's streak.
  let queue: Promise<void> = Promise.resolve();
  const serially = (what: string, work: () => Promise<void>) => {
    queue = queue.then(work).catch((err: unknown) => deps.onError(what, err));
    return queue;
  };

  const nameOf = (connectorId: string) => registry.get(connectorId)?.displayName ?? connectorId;
  const taskName = (connectorId: string, taskId: string) => registry.get(connectorId)?.tasks.find((t) => t.id === taskId)?.name ?? taskId;
  const view = (a: AlertRow): Alert => ({
    id: a.id,
    kind: a.kind,
    connectorId: a.connectorId,
    connectorName: nameOf(a.connectorId),
    taskId: a.taskId,
    message: a.message,
    raisedAt: a.raisedAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    clearedAt: a.clearedAt,
  });

  async function settings(): Promise<AlertSettings> {
    const stored = await repos.settings.get<Partial<AlertSettings> | null>(SETTINGS_KEY, null);
    const merged = AlertSettingsSchema.safeParse({ ...DEFAULT_ALERT_SETTINGS, ...(stored ?? {}) });
    return merged.success ? merged.data : DEFAULT_ALERT_SETTINGS;
  }

  const raised = (a: AlertRow | null) => {
    if (a) bus.emit('alerts:changed', { raised: view(a) });
  };
  const cleared = (any: boolean) => {
    if (any) bus.emit('alerts:changed', { raised: null });
  };

  /** After a run ends: the task's streak of failed runs decides its alerts and whether it pauses itself. */
  async function evaluateTask(connectorId: string, taskId: string): Promise<void> {
    const s = await settings();
    const recent = (await repos.runs.recent(connectorId, taskId, Math.max(s.failingRuns, s.pauseAfter) + 1)).filter((r) => r.status !== 'running');
    let streak = 0;
    while (streak < recent.length && recent[streak]!.status === 'failed') streak++;
    const t = now();
    if (streak === 0) {
      cleared(await repos.alerts.clear('task_failing', connectorId, taskId, t));
      return;
    }
    const last = recent[0]!.message ?? 'no reason given';
    const name = `${taskName(connectorId, taskId)} (${nameOf(connectorId)})`;
    if (streak >= s.failingRuns) raised(await repos.alerts.raise('task_failing', connectorId, taskId, `${name} failed ${streak} runs in a row. Last: ${last}`, t));
    if (streak >= s.pauseAfter && !(await repos.alerts.isPaused(connectorId, taskId))) {
      const reason = `Paused itself after ${streak} failed runs in a row; its schedule is skipped until you resume it. Last failure: ${last}`;
      await repos.alerts.pause(connectorId, taskId, reason, t);
      raised(await repos.alerts.raise('task_paused', connectorId, taskId, `${name} paused itself after ${streak} failed runs in a row. Resume it once the cause is fixed. Last: ${last}`, t));
    }
  }

  /** A connection's state decides its credentials alert. */
  async function evaluateConnection(connectorId: string): Promise<void> {
    const c = await repos.connections.get(connectorId);
    const t = now();
    if (c && (c.state === 'auth_required' || c.state === 'credentials_unavailable')) {
      const why = c.state === 'auth_required' ? 'the remote refused its credentials' : 'the keychain did not answer';
      raised(await repos.alerts.raise('credentials', connectorId, null, `${nameOf(connectorId)} is paused: ${why}. ${c.stateMessage ?? ''}`.trim(), t));
    } else cleared(await repos.alerts.clear('credentials', connectorId, null, t));
  }

  /** Sends one email with every alert not mailed yet, once the oldest of them has waited the digest's minutes. */
  async function sendDigest(): Promise<number> {
    const s = await settings();
    if (!s.adminEmail) return 0;
    const waiting = await repos.alerts.unmailed();
    if (waiting.length === 0 || waiting[0]!.raisedAt + s.digestMinutes * 60_000 > now()) return 0;
    const mail = digestOf(waiting.map(view), now());
    await (await deps.mail.mailer()).send({ to: s.adminEmail, ...mail });
    await repos.alerts.markMailed(waiting.map((a) => a.id), now());
    return waiting.length;
  }

  const onRun = (run: RunSummary) => {
    if (run.status !== 'running') void serially('task alerts', () => evaluateTask(run.connectorId, run.taskId));
  };

  return {
    start(): void {
      if (unsubscribe) return;
      unsubscribe = bus.subscribe((event, payload) => {
        if (event === 'sync:run-updated') onRun(payload as RunSummary);
        else if (event === 'connections:changed') void serially('credential alerts', () => evaluateConnection((payload as { connectorId: string }).connectorId));
      });
      for (const c of registry.all()) void serially('credential alerts', () => evaluateConnection(c.id));
      timer = setInterval(() => void sendDigest().catch((err: unknown) => deps.onError('alert digest', err)), deps.digestTickMs ?? 60_000);
      timer.unref?.();
    },
    stop(): void {
      unsubscribe?.();
      unsubscribe = null;
      if (timer) clearInterval(timer);
      timer = null;
    },
    /** Resolves once every evaluation queued so far is done (tests, and before answering a list). */
    settled: () => queue,
    settings,
    async saveSettings(patch: Partial<AlertSettings>): Promise<AlertSettings> {
      const next = { ...(await settings()), ...patch };
      if (next.pauseAfter < next.failingRuns)
        throw new AppErrorException('invalid_input', `A task pauses itself after ${next.pauseAfter} failed runs but alerts only after ${next.failingRuns}: pausing must not come before the alert.`, [{ path: 'pauseAfter', message: `at least ${next.failingRuns}` }]);
      await repos.settings.set(SETTINGS_KEY, next);
      return next;
    },
    async view(): Promise<AlertsView> {
      await queue;
      return { alerts: (await repos.alerts.active()).map(view), paused: await repos.alerts.pauses() };
    },
    async acknowledge(id: number, by: string): Promise<Alert> {
      const a = await repos.alerts.get(id);
      if (!a) throw new AppErrorException('not_found', `There is no alert ${id}.`);
      if (await repos.alerts.acknowledge(id, by, now())) bus.emit('alerts:changed', { raised: null });
      return view((await repos.alerts.get(id))!);
    },
    /** One click: the task's schedule counts again, and its paused alert clears. */
    async resume(connectorId: string, taskId: string): Promise<boolean> {
      const resumed = await repos.transaction(async (tx) => {
        const r = await tx.alerts.resume(connectorId, taskId);
        await tx.alerts.clear('task_paused', connectorId, taskId, now());
        return r;
      });
      bus.emit('alerts:changed', { raised: null });
      return resumed;
    },
    sendDigest,
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
