import { describe, expect, it } from 'vitest';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'customers' | 'jobs' | 'log' | 'settings'>;

const customer = async (tx: Store, email: string, departmentId: number | null = null) =>
  await tx.customers.insert({ email, firstName: 'A', lastName: 'B', departmentId, origin: 'staff' }, 0);
const enqueue = async (tx: Store, key: string) => await tx.jobs.enqueue({ connectorId: 'erp', kind: 'push', entityKey: key, idempotencyKey: key, payload: null }, 0);

/** What every change in one transaction shares, across aggregates. */
async function state(r: Store) {
  return {
    customers: await r.customers.count(),
    jobs: (await r.jobs.counts()).pending,
    log: (await r.log.page({}, null, 100)).entries.length,
    setting: await r.settings.get<string | null>('marker', null),
  };
}

/** One change across aggregates, through the handle the work receives. */
async function change(tx: Store, n: number): Promise<void> {
  await customer(tx, `c${n}@x.com`);
  await enqueue(tx, `job-${n}`);
  await tx.log.append({ ts: n, connectorId: 'erp', action: 'register', outcome: 'success', message: `change ${n}` });
  await tx.settings.set('marker', `after ${n}`);
}

/** Transactions: the work gets a handle; it commits whole or not at all; nested calls are savepoints; store errors. */
export function describeTransactionContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: transactions`, () => {
    const store = freshStore(factory);

    it('commits every change the work made through its handle together, and answers what the work returned', async () => {
      const r = store();
      const result = await r.transaction(async (tx) => {
        await change(tx, 1);
        // The work reads its own writes through the handle before they commit.
        expect(await state(tx)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
        return { done: true };
      });
      expect(result).toEqual({ done: true });
      expect(await state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });

    it('undoes every change when the work throws, and lets the error out as it was thrown', async () => {
      const r = store();
      await change(r, 1);
      const boom = new Error('the remote said no');
      let caught: unknown;
      try {
        await r.transaction(async (tx) => {
          await change(tx, 2);
          throw boom;
        });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBe(boom);
      expect(await state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });

    it('lets a uniqueness conflict out as UniqueViolation, undoing the rest of the work', async () => {
      const r = store();
      await customer(r, 'taken@x.com');
      await expect(r.transaction(async (tx) => {
        await enqueue(tx, 'job-1');
        await customer(tx, 'TAKEN@x.com');
      })).rejects.toThrow(UniqueViolation);
      expect(await state(r)).toMatchObject({ customers: 1, jobs: 0 });
    });

    it('lets a reference to a missing row out as NotFound, undoing the rest of the work', async () => {
      const r = store();
      await expect(r.transaction(async (tx) => {
        await tx.settings.set('marker', 'written');
        await customer(tx, 'a@x.com', 4_242);
      })).rejects.toThrow(NotFound);
      expect(await state(r)).toMatchObject({ customers: 0, setting: null });
    });

    it('commits a nested transaction with the outer one, and undoes it with the outer one', async () => {
      const r = store();
      await r.transaction(async (tx) => await tx.transaction(async (inner) => await change(inner, 1)));
      expect(await state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
      await expect(r.transaction(async (tx) => {
        await tx.transaction(async (inner) => await change(inner, 2));
        throw new Error('outer fails after the inner one finished');
      })).rejects.toThrow('outer fails');
      expect(await state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });

    it('undoes only a nested transaction that threw: the outer one keeps what came before and after', async () => {
      const r = store();
      await r.transaction(async (tx) => {
        await change(tx, 1);
        await expect(tx.transaction(async (inner) => {
          await change(inner, 2);
          throw new Error('inner fails');
        })).rejects.toThrow('inner fails');
        expect(await state(tx)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
        await enqueue(tx, 'job-3');
      });
      expect(await state(r)).toEqual({ customers: 1, jobs: 2, log: 1, setting: 'after 1' });
      expect(await r.customers.byEmail('c2@x.com')).toBeNull();
    });

    it('goes on after a store error caught from a nested transaction: the outer one still commits', async () => {
      const r = store();
      await customer(r, 'taken@x.com');
      const outcome = await r.transaction(async (tx) => {
        await enqueue(tx, 'job-1');
        let conflict: unknown = null;
        try {
          await tx.transaction(async (inner) => await customer(inner, 'taken@x.com'));
        } catch (err) {
          conflict = err;
        }
        expect(conflict).toBeInstanceOf(UniqueViolation);
        await customer(tx, 'free@x.com');
        return 'committed';
      });
      expect(outcome).toBe('committed');
      expect(await state(r)).toMatchObject({ customers: 2, jobs: 1 });
      expect(await r.customers.byEmail('free@x.com')).not.toBeNull();
    });

    it('runs one transaction after another on the same store, each whole', async () => {
      const r = store();
      await r.transaction(async (tx) => await change(tx, 1));
      await expect(r.transaction(async (tx) => {
        await change(tx, 2);
        throw new Error('skip');
      })).rejects.toThrow('skip');
      await r.transaction(async (tx) => await change(tx, 3));
      expect(await state(r)).toEqual({ customers: 2, jobs: 2, log: 2, setting: 'after 3' });
      expect([await r.customers.byEmail('c1@x.com'), await r.customers.byEmail('c2@x.com'), await r.customers.byEmail('c3@x.com')].map((c) => c !== null)).toEqual([true, false, true]);
    });

    it('never interleaves two transactions whose work waits: the second starts after the first commits', async () => {
      const r = store();
      const seen: string[] = [];
      const pause = () => new Promise((done) => setTimeout(done, 20));
      const first = r.transaction(async (tx) => {
        seen.push('first begins');
        await change(tx, 1);
        await pause();
        // The second transaction has been asked for meanwhile, and must not have written anything yet.
        expect(await tx.customers.count()).toBe(1);
        seen.push('first ends');
      });
      const second = r.transaction(async (tx) => {
        seen.push('second begins');
        expect(await tx.settings.get('marker', null)).toBe('after 1');
        await change(tx, 2);
        seen.push('second ends');
      });
      await Promise.all([first, second]);
      expect(seen).toEqual(['first begins', 'first ends', 'second begins', 'second ends']);
      expect(await state(r)).toEqual({ customers: 2, jobs: 2, log: 2, setting: 'after 2' });
    });

    it('keeps a call from outside an open transaction waiting until it commits: no one reads what may yet be undone', async () => {
      const r = store();
      let release!: () => void;
      const held = new Promise<void>((done) => (release = done));
      const open = r.transaction(async (tx) => {
        await change(tx, 1);
        await held;
        throw new Error('undone after all');
      });
      const outside = r.customers.count();
      const outsideWrite = r.settings.set('marker', 'outside');
      release();
      await expect(open).rejects.toThrow('undone after all');
      expect(await outside).toBe(0);
      await outsideWrite;
      expect(await state(r)).toEqual({ customers: 0, jobs: 0, log: 0, setting: 'outside' });
    });

    it('lets the work of an open transaction use the store through any handle without waiting for itself', async () => {
      const r = store();
      await r.transaction(async () => {
        // Code called inside the work may hold the store itself rather than the handle: it joins the transaction.
        await change(r, 1);
        await new Promise((done) => setTimeout(done, 5));
        expect(await r.customers.count()).toBe(1);
      });
      expect(await state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });
  });
}

onSqliteWhenRun(import.meta.url, describeTransactionContract);
