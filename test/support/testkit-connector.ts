// A test-only connector (never shipped) that gives the core tasks and jobs to run until real connectors land.
import { z } from 'zod';
import type { Connector, ConnectorContext } from '../../src-main/connectors/connector';
import { SandboxServer, mulberry32, type SandboxRequest } from '../../src-main/sandbox/sandbox-server';
import { httpRequest, parseJson } from '../../src-main/engine/http-client';
import { RemoteError } from '../../src-main/engine/remote-error';

export const TESTKIT_ID = 'testkit';
/** How often a job's record step has failed so far, by idempotency key. */
const recordFailures = new Map<string, number>();

const settingsSchema = z.object({
  endpoint: z.string().url(),
  username: z.string().min(1),
  password: z.string().min(1),
  pageSize: z.number().int().min(1).max(1000).default(50),
  pushCount: z.number().int().min(0).max(100_000).default(20),
  timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
});
type Settings = z.infer<typeof settingsSchema>;

export interface Widget {
  id: string;
  name: string;
  size: number;
  updatedAt: number;
}

/** The widget store simulator: seeded widgets to page through, and a create endpoint that honours Idempotency-Key. */
export class WidgetSandbox extends SandboxServer {
  widgets: Widget[] = [];
  created = new Map<string, { id: string; name: string }>();
  /** null: any non-empty credentials pass; a string: only this password. */
  requiredPassword: string | null = null;
  /** Delay between applying a create and answering it: a crash in that window must not create twice. */
  replyDelayMs = 0;
  /** Creates that arrived again for a key already applied (a retry after a crash or a lost answer). */
  repeatsAnswered = 0;

  constructor(seed: number, count = 120) {
    super('Widget store (test)', seed, {
      'GET /ping': (req) => this.authed(req, () => ({ status: 200, body: { ok: true, widgets: this.widgets.length } })),
      'GET /widgets': (req) => this.authed(req, () => this.page(req)),
      'POST /widgets': async (req) => {
        const reply = this.authed(req, () => this.create(req));
        if (this.replyDelayMs > 0) await new Promise((r) => setTimeout(r, this.replyDelayMs));
        return reply;
      },
    });
    const rand = mulberry32(seed);
    for (let i = 1; i <= count; i++)
      this.widgets.push({ id: `W${String(i).padStart(5, '0')}`, name: `widget ${i}`, size: Math.floor(rand() * 100), updatedAt: 1_700_000_000_000 + i });
  }

  private authed(req: SandboxRequest, fn: () => { status: number; body?: object }) {
    const auth = req.headers.authorization ?? '';
    const [user, pass] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString().split(':');
    // Like some real APIs, the refusal echoes what it was given: the console must keep that out of its log.
    if (!user || !pass || (this.requiredPassword !== null && pass !== this.requiredPassword))
      return { status: 401, body: { message: `bad credentials for ${user}: password "${pass}" was refused` } };
    return fn();
  }

  private page(req: SandboxRequest) {
    const page = Number(req.query.get('page') ?? '1');
    const size = Number(req.query.get('pageSize') ?? '50');
    const items = this.widgets.slice((page - 1) * size, page * size);
    return { status: 200, body: { items, page, nextPage: page * size < this.widgets.length ? page + 1 : null, total: this.widgets.length } };
  }

  private create(req: SandboxRequest) {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') return { status: 400, body: { message: 'Idempotency-Key required' } };
    const body = JSON.parse(req.body || '{}') as { name?: string };
    if (!body.name) return { status: 422, body: { message: 'name is required' } };
    const existing = this.created.get(key);
    if (existing) {
      this.repeatsAnswered++;
      return { status: 200, body: existing };
    }
    this.recordEffect(key);
    const made = { id: `N${this.created.size + 1}`, name: body.name };
    this.created.set(key, made);
    return { status: 201, body: made };
  }
}

function headers(s: Settings, extra: Record<string, string> = {}) {
  return { authorization: `Basic ${Buffer.from(`${s.username}:${s.password}`).toString('base64')}`, 'content-type': 'application/json', ...extra };
}

function settingsOf(ctx: ConnectorContext): Settings {
  return ctx.settings as Settings;
}

export function createTestkitConnector(opts: { widgets?: number } = {}): Connector {
  return {
    id: TESTKIT_ID,
    displayName: 'Widget store (test)',
    description: 'A test-only connector that pushes and pulls widgets.',
    settings: {
      schema: settingsSchema as unknown as z.ZodType<Record<string, unknown>>,
      fields: [
        { key: 'endpoint', group: 'connection', label: 'Endpoint', help: 'Base URL of the widget store.', kind: 'url', required: true },
        { key: 'username', group: 'connection', label: 'Username', help: 'API user.', kind: 'text', required: true },
        { key: 'password', group: 'connection', label: 'Password', help: 'Kept in the keychain.', kind: 'secret', required: true },
        { key: 'pageSize', group: 'advanced', label: 'Page size', help: 'Widgets per page.', kind: 'number', required: false },
        { key: 'pushCount', group: 'advanced', label: 'Widgets per push', help: 'How many widgets a push run queues.', kind: 'number', required: false },
        { key: 'timeoutMs', group: 'advanced', label: 'Timeout (ms)', help: 'Per request.', kind: 'number', required: false },
      ],
      secretFields: ['password'],
      defaults: { endpoint: null, username: null, pageSize: 50, pushCount: 20, timeoutMs: 5_000 },
    },
    async testConnection(ctx) {
      const s = settingsOf(ctx);
      const res = await httpRequest({ url: `${s.endpoint}/ping`, headers: headers(s), timeoutMs: s.timeoutMs });
      const body = parseJson<{ widgets: number }>(res, 'ping');
      return `Connected: ${body.widgets} widgets.`;
    },
    tasks: [
      {
        id: 'pull-widgets',
        name: 'Pull widgets',
        description: 'Fetches every widget page by page.',
        defaultIntervalMinutes: 60,
        async run(ctx) {
          const s = settingsOf(ctx);
          let page = 1;
          for (; ;) {
            const res = await httpRequest({ url: `${s.endpoint}/widgets?page=${page}&pageSize=${s.pageSize}`, headers: headers(s), timeoutMs: s.timeoutMs, signal: ctx.signal });
            const body = parseJson<{ items: Widget[]; nextPage: number | null; total: number }>(res, `widgets page ${page}`);
            if (!Array.isArray(body.items)) throw new RemoteError('validation', `widgets page ${page}: no items array`, { details: res.excerpt });
            // The page's records and the cursor that covers them commit together.
            const changes = await ctx.repos.transaction(async () => {
              const out = await Promise.all(body.items.map(async (w) => [w.id, await ctx.repos.syncState.observe(TESTKIT_ID, 'widget', w.id, w, ctx.runId, ctx.now())] as const));
              await ctx.repos.syncState.setCursor(TESTKIT_ID, 'pull-widgets', String(page), ctx.now());
              return out;
            });
            ctx.counts.fetched += body.items.length;
            for (const [id, change] of changes) await ctx.item('widget', id, change);
            await ctx.progress(ctx.counts.fetched, body.total, `page ${page}`);
            await ctx.yieldNow();
            if (body.nextPage === null) break;
            page = body.nextPage;
          }
        },
      },
      {
        id: 'push-widgets',
        name: 'Push widgets',
        description: 'Queues new widgets to create remotely (one of them invalid on purpose).',
        defaultIntervalMinutes: null,
        async run(ctx) {
          const s = settingsOf(ctx);
          await ctx.repos.transaction(async () => {
            for (let i = 1; i <= s.pushCount; i++) {
              const name = i === s.pushCount && s.pushCount > 1 ? '' : `pushed ${ctx.runId}-${i}`;
              const id = await ctx.enqueue({ kind: 'create-widget', entityKey: `widget-${i % 5}`, idempotencyKey: `push-${ctx.runId}-${i}`, payload: { name } });
              await ctx.item('widget', `job ${id}`, 'queued', name ? `create "${name}"` : 'create a widget without a name');
            }
          });
          await ctx.progress(s.pushCount, s.pushCount, 'queued');
          return { message: `Queued ${s.pushCount} widgets.` };
        },
      },
    ],
    jobs: {
      'create-widget': {
        entityType: 'widget', title: 'Create the widget',
        payload: { schema: z.object({ name: z.string().min(1, 'a widget needs a name'), token: z.string().optional(), recordFailures: z.number().int().min(0).optional() }).strict(), secretFields: ['token'] },
        async perform(job, ctx) {
          const s = settingsOf(ctx);
          const res = await httpRequest({
            url: `${s.endpoint}/widgets`,
            method: 'POST',
            headers: headers(s, { 'idempotency-key': job.idempotencyKey }),
            body: JSON.stringify(job.payload),
            timeoutMs: s.timeoutMs,
            signal: ctx.signal,
          });
          const made = parseJson<{ id: string }>(res, 'create widget');
          const p = job.payload as { recordFailures?: number } | null;
          // Tests make recording the remote's answer fail a number of times, to see the attempt retried.
          const record = p?.recordFailures
            ? async () => {
              const failed = recordFailures.get(job.idempotencyKey) ?? 0;
              // Counts the records that stayed: a failed one must roll this write back with it.
              const key = `testkit.recorded.${job.idempotencyKey}`;
              await ctx.repos.settings.set(key, await ctx.repos.settings.get(key, 0) + 1);
              if (failed < p.recordFailures!) {
                recordFailures.set(job.idempotencyKey, failed + 1);
                throw new Error(`disk said no (${failed + 1})`);
              }
            }
            : undefined;
          return { message: `Created widget ${made.id}.`, result: made, details: res.excerpt, record };
        },
      },
    },
    sandbox: {
      simulators: [{ name: 'Widget store (test)', create: ({ seed }) => new WidgetSandbox(seed, opts.widgets) }],
      connectionValues: ([url]) => ({ values: { endpoint: url, username: 'sandbox' }, secrets: { password: 'sandbox-password' } }),
    },
  };
}
