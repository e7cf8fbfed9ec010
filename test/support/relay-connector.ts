// A test-only connector (never shipped) whose one job kind posts a record to an HTTP endpoint, and the endpoint: a
// real server on 127.0.0.1 that keeps each record once by its idempotency key and counts every POST per key, so a
// test can tell a job done twice from one done once. Like Confirm's raise, a job in doubt looks first (GET) and posts
// only when the record is not there.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Connector } from '../../src-main/connectors/connector';
import type { EngineDeps } from '../../src-main/engine/engine-deps';
import type { JobQueue } from '../../src-main/engine/job-queue';
import type { Repositories } from '../../src-main/store/repositories';
import { createRegistry } from '../../src-main/connectors/registry';
import { createEventBus } from '../../src-main/engine/event-bus';
import { createRedactor } from '../../src-main/engine/redactor';
import { createIntegrationLog } from '../../src-main/engine/integration-log';
import { createSandboxManager } from '../../src-main/sandbox/sandbox-manager';
import { createConnectionService } from '../../src-main/connectors/connection-service';
import { RemoteError } from '../../src-main/engine/remote-error';
import { memoryCredentials } from './memory-credentials';

export const RELAY_ID = 'relay';
export const POST_RECORD = 'post-record';

export interface RelayPayload {
  entity: string;
  seq: number;
}

export function createRelayConnector(endpoint: string): Connector {
  return {
    id: RELAY_ID,
    displayName: 'Relay (test)',
    description: 'Posts records to a test endpoint.',
    settings: { schema: z.object({}).passthrough() as unknown as z.ZodType<Record<string, unknown>>, fields: [], secretFields: [], defaults: {} },
    testConnection: async () => 'Connected.',
    tasks: [],
    jobs: {
      [POST_RECORD]: {
        entityType: 'record', title: 'Test job',
        async perform(job, ctx) {
          const key = encodeURIComponent(job.idempotencyKey);
          if (job.inDoubtSince !== null) {
            const seen = await fetch(`${endpoint}/records/${key}`, { signal: ctx.signal });
            await seen.arrayBuffer();
            if (seen.status === 200) return { message: `found ${job.idempotencyKey} already there` };
            if (seen.status !== 404) throw new RemoteError('connectivity', `the endpoint answered ${seen.status}`);
          }
          const p = job.payload as RelayPayload;
          const res = await fetch(`${endpoint}/records`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ key: job.idempotencyKey, entity: p.entity, seq: p.seq }),
            signal: ctx.signal,
          });
          await res.arrayBuffer();
          if (res.status >= 500) throw new RemoteError('connectivity', `the endpoint answered ${res.status}`, { maybeApplied: true });
          if (res.status !== 200) throw new RemoteError('validation', `the endpoint refused the record (${res.status})`);
          return { message: `posted ${job.idempotencyKey}` };
        },
      },
    },
  };
}

export interface RecordServer {
  url: string;
  /** POSTs per idempotency key (more than one is a job done twice). */
  posts: Map<string, number>;
  /** Per entity, the sequence numbers in the order their records arrived. */
  order: Map<string, number[]>;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** The endpoint, answering each request after `delayMs` (as a remote over a network does). */
export async function startRecordServer(delayMs: number): Promise<RecordServer> {
  const posts = new Map<string, number>();
  const order = new Map<string, number[]>();
  const answer = (res: import('node:http').ServerResponse, status: number) => setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end('{}'), delayMs);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '';
      if (req.method === 'POST' && url === '/records') {
        const r = JSON.parse(await body(req)) as { key: string; entity: string; seq: number };
        posts.set(r.key, (posts.get(r.key) ?? 0) + 1);
        if (posts.get(r.key) === 1) order.set(r.entity, [...(order.get(r.entity) ?? []), r.seq]);
        answer(res, 200);
        return;
      }
      const m = /^\/records\/(.+)$/.exec(url);
      if (req.method === 'GET' && m) {
        answer(res, posts.has(decodeURIComponent(m[1]!)) ? 200 : 404);
        return;
      }
      answer(res, 404);
    })();
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    order,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** What a job runner stands on, over a store and a queue, with the given connectors and no sandboxes. */
export function engineDeps(repos: Repositories, queue: JobQueue, connectors: Connector[], now: () => number = Date.now): EngineDeps {
  const registry = createRegistry(connectors);
  const bus = createEventBus();
  const redactor = createRedactor();
  const log = createIntegrationLog(repos.log, bus, redactor, now);
  const sandboxes = createSandboxManager(registry);
  const connections = createConnectionService({ repos, credentials: memoryCredentials(), redactor, sandboxes, sandboxMode: () => false, now });
  return { repos, queue, registry, connections, log, bus, now, files: { downloads: '', exports: '' } };
}
