// A connector written the way every connector is, to prove that one folder and one line in the registry list are
// enough: its migration, repository, contract channel, task, job, listener route, domain-event answer and two
// simulators all come from here.
import { z } from 'zod';
import migration0001 from './0001_toy_notes.sql?raw';
import { channelsOf, type Connector, type ConnectorContext } from '../../../src-main/connectors/connector';
import { httpRequest, parseJson } from '../../../src-main/engine/http-client';
import { createToyRepos, type ToyRepos } from './repositories';
import { ToyAuditSandbox, ToySandbox } from './sandbox';

export const TOY_ID = 'toy';
export const NOTES_ROUTE = '/integration/toy/notes';

const schema = z.object({ endpoint: z.string().url(), auditUrl: z.string().url(), token: z.string().min(1) });
const settingsOf = (ctx: ConnectorContext<ToyRepos>) => schema.parse(ctx.settings);

const toyChannels = {
  'toy:notes': { input: z.object({ source: z.string().max(20).optional() }).strict().default({}), output: z.array(z.object({ id: z.number(), text: z.string(), source: z.string() })) },
};

export function createToyConnector(): Connector<ToyRepos> {
  return {
    id: TOY_ID,
    displayName: 'Toy',
    description: 'A connector that lives only in the tests.',
    settings: {
      schema: schema as unknown as z.ZodType<Record<string, unknown>>,
      fields: [
        { key: 'endpoint', group: 'connection', label: 'Endpoint', help: 'The toy API.', kind: 'url', required: true },
        { key: 'auditUrl', group: 'connection', label: 'Audit trail', help: 'The second simulator.', kind: 'url', required: true },
        { key: 'token', group: 'connection', label: 'Token', help: 'Kept in the keychain.', kind: 'secret', required: true },
      ],
      secretFields: ['token'],
      defaults: { endpoint: null, auditUrl: null },
    },
    migrations: [{ version: 1, name: '0001_toy_notes', sql: migration0001 }],
    repositories: createToyRepos,
    async testConnection(ctx) {
      const s = settingsOf(ctx);
      const res = await httpRequest({ url: `${s.auditUrl}/audit`, timeoutMs: 5_000, signal: ctx.signal });
      parseJson(res, 'audit');
      return 'Connected to the toy.';
    },
    tasks: [
      {
        id: 'fetch-notes',
        name: 'Fetch notes',
        description: 'Copies the remote notes into the toy table.',
        defaultIntervalMinutes: null,
        async run(ctx) {
          const s = settingsOf(ctx);
          const body = parseJson<{ items: string[] }>(await httpRequest({ url: `${s.endpoint}/notes`, timeoutMs: 5_000, signal: ctx.signal }), 'notes');
          ctx.counts.fetched += body.items.length;
          await ctx.repos.transaction(async () => {
            for (const text of body.items) await ctx.item('note', String(await ctx.own.add(text, 'remote', ctx.now())), 'created');
          });
        },
      },
    ],
    jobs: {
      'post-note': {
        entityType: 'note', title: 'Test job',
        async perform(job, ctx) {
          const s = settingsOf(ctx);
          const text = (job.payload as { text: string }).text;
          await httpRequest({ url: `${s.endpoint}/notes`, method: 'POST', body: JSON.stringify({ text }), headers: { 'content-type': 'application/json', 'idempotency-key': job.idempotencyKey }, timeoutMs: 5_000, signal: ctx.signal });
          return { message: `Posted "${text}".`, record: () => void ctx.own.add(text, 'posted', ctx.now()) };
        },
      },
    },
    sandbox: {
      simulators: [
        { name: 'Toy notes (test)', create: ({ seed }) => new ToySandbox(seed) },
        { name: 'Toy audit trail (test)', create: ({ seed }) => new ToyAuditSandbox(seed) },
      ],
      connectionValues: ([api, audit]) => ({ values: { endpoint: api!, auditUrl: audit! }, secrets: { token: 'toy-token' } }),
    },
    install(host) {
      // A new case becomes a note at the remote: the job is queued in the case's own transaction.
      host.events.subscribe('case.created', async (tx, e) => ({
        connectorId: TOY_ID,
        jobIds: [await host.queue.enqueue(tx, { connectorId: TOY_ID, kind: 'post-note', entityKey: `case-${e.caseId}`, idempotencyKey: `toy:case:${e.caseId}`, payload: { text: `case ${e.caseId}` } })],
      }));
      return {
        channels: channelsOf(toyChannels, { 'toy:notes': async (input) => (await host.own.list()).filter((n) => !input.source || n.source === input.source) }),
        routes: [
          {
            method: 'POST',
            path: NOTES_ROUTE,
            maxBytes: 4_096,
            async handle(req) {
              const text = (JSON.parse(req.body || '{}') as { text?: unknown }).text;
              if (typeof text !== 'string' || !text) return { status: 400, body: JSON.stringify({ error: 'text is required' }) };
              const jobId = await host.repos.transaction(async (tx) => {
                await host.own.add(text, 'listener', host.now());
                return await host.queue.enqueue(tx, { connectorId: TOY_ID, kind: 'post-note', entityKey: `pushed-${text}`, idempotencyKey: `toy:pushed:${text}`, payload: { text } });
              });
              return { status: 202, body: JSON.stringify({ jobId }) };
            },
          },
        ],
      };
    },
  };
}
