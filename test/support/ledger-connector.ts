// A test-only connector (never shipped) for the Errors workspace and alerts: a job kind with a payload schema and a
// secret field, failing or succeeding as its payload says, and a task whose records (and whole runs) fail on cue.
import { z } from 'zod';
import type { Connector } from '../../src-main/connectors/connector';
import { RemoteError } from '../../src-main/engine/remote-error';
import { SmtpCatcher } from '../../src-main/sandbox/smtp-catcher';

export const LEDGER_ID = 'ledger';
export const POST_ENTRY = 'post-entry';
export const IMPORT_TASK = 'import-entries';

export interface LedgerControl {
  /** Records the next import run reports: a reason fails that record. */
  records: { id: string; fail?: string }[];
  /** Set: the whole run fails with this reason. */
  runFails: string | null;
  /** Set: the run is refused for its credentials (the connection pauses). */
  refuseCredentials: boolean;
  /** Payloads the remote took, in order. */
  posted: unknown[];
}

export const newLedgerControl = (): LedgerControl => ({ records: [], runFails: null, refuseCredentials: false, posted: [] });

const EntryPayload = z.strictObject({ account: z.string().min(1, 'an account code'), amount: z.number().int('whole cents'), apiToken: z.string().optional() });

export function createLedgerConnector(control: LedgerControl): Connector {
  return {
    id: LEDGER_ID,
    displayName: 'Ledger (test)',
    description: 'A test-only ledger.',
    settings: { schema: z.object({}).passthrough() as unknown as z.ZodType<Record<string, unknown>>, fields: [], secretFields: [], defaults: {} },
    testConnection: async () => (control.refuseCredentials ? Promise.reject(new RemoteError('auth', 'the ledger refused the key')) : 'Connected.'),
    tasks: [
      {
        id: IMPORT_TASK,
        name: 'Import entries',
        description: 'Reports the records it is told to.',
        defaultIntervalMinutes: 60,
        async run(ctx) {
          if (control.refuseCredentials) throw new RemoteError('auth', 'the ledger refused the key');
          if (control.runFails) throw new RemoteError('connectivity', control.runFails);
          for (const r of control.records) await ctx.item('entry', r.id, r.fail ? 'failed' : 'created', r.fail);
        },
      },
    ],
    // Its simulator is an SMTP catcher: sandbox mode's email (the alerts' digest) lands there.
    sandbox: {
      simulators: [{ name: 'SMTP catcher', create: ({ seed }) => new SmtpCatcher({ name: 'SMTP catcher', seed }) }],
      connectionValues: () => ({ values: {}, secrets: {} }),
    },
    jobs: {
      [POST_ENTRY]: {
        entityType: 'entry', title: 'Test job',
        payload: { schema: EntryPayload, secretFields: ['apiToken'] },
        async perform(job) {
          const p = job.payload as z.infer<typeof EntryPayload>;
          if (p.amount < 0) throw new RemoteError('validation', `the ledger refuses a negative amount (${p.amount}) for ${p.account}`);
          control.posted.push(p);
          return { message: `posted ${p.amount} to ${p.account}` };
        },
      },
    },
  };
}
