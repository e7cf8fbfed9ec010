import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src-main/store/repositories';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

const customer = (tx: Repositories, email: string, departmentId: number | null = null) =>
  tx.customers.insert({ email, firstName: 'A', lastName: 'B', departmentId, origin: 'staff' }, 0);
const enqueue = (tx: Repositories, key: string) => tx.jobs.enqueue({ connectorId: 'erp', kind: 'push', entityKey: key, idempotencyKey: key, payload: null }, 0);

/** What every change in one transaction shares, across aggregates. */
function state(r: Repositories) {
  return {
    customers: r.customers.count(),
    jobs: r.jobs.counts().pending,
    log: r.log.page({}, null, 100).entries.length,
    setting: r.settings.get<string | null>('marker', null),
  };
}

/** One change across aggregates, through the handle the work receives. */
function change(tx: Repositories, n: number): void {
  customer(tx, `c${n}@x.com`);
  enqueue(tx, `job-${n}`);
  tx.log.append({ ts: n, connectorId: 'erp', action: 'register', outcome: 'success', message: `change ${n}` });
  tx.settings.set('marker', `after ${n}`);
}

/** Transactions: the work gets a handle; it commits whole or not at all; nested calls are savepoints; store errors. */
export function describeTransactionContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: transactions`, () => {
    const store = freshStore(factory);

    it('commits every change the work made through its handle together, and answers what the work returned', () => {
      const r = store();
      const result = r.transaction((tx) => {
        change(tx, 1);
        // The work reads its own writes through the handle before they commit.
        expect(state(tx)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
        return { done: true };
      });
      expect(result).toEqual({ done: true });
      expect(state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });

    it('undoes every change when the work throws, and lets the error out as it was thrown', () => {
      const r = store();
      change(r, 1);
      const boom = new Error('the remote said no');
      let caught: unknown;
      try {
        r.transaction((tx) => {
          change(tx, 2);
          throw boom;
        });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBe(boom);
      expect(state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });

    it('lets a uniqueness conflict out as UniqueViolation, undoing the rest of the work', () => {
      const r = store();
      customer(r, 'taken@x.com');
      expect(() =>
        r.transaction((tx) => {
          enqueue(tx, 'job-1');
          customer(tx, 'TAKEN@x.com');
        }),
      ).toThrow(UniqueViolation);
      expect(state(r)).toMatchObject({ customers: 1, jobs: 0 });
    });

    it('lets a reference to a missing row out as NotFound, undoing the rest of the work', () => {
      const r = store();
      expect(() =>
        r.transaction((tx) => {
          tx.settings.set('marker', 'written');
          customer(tx, 'a@x.com', 4_242);
        }),
      ).toThrow(NotFound);
      expect(state(r)).toMatchObject({ customers: 0, setting: null });
    });

    it('commits a nested transaction with the outer one, and undoes it with the outer one', () => {
      const r = store();
      r.transaction((tx) => tx.transaction((inner) => change(inner, 1)));
      expect(state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
      expect(() =>
        r.transaction((tx) => {
          tx.transaction((inner) => change(inner, 2));
          throw new Error('outer fails after the inner one finished');
        }),
      ).toThrow('outer fails');
      expect(state(r)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
    });

    it('undoes only a nested transaction that threw: the outer one keeps what came before and after', () => {
      const r = store();
      r.transaction((tx) => {
        change(tx, 1);
        expect(() =>
          tx.transaction((inner) => {
            change(inner, 2);
            throw new Error('inner fails');
          }),
        ).toThrow('inner fails');
        expect(state(tx)).toEqual({ customers: 1, jobs: 1, log: 1, setting: 'after 1' });
        enqueue(tx, 'job-3');
      });
      expect(state(r)).toEqual({ customers: 1, jobs: 2, log: 1, setting: 'after 1' });
      expect(r.customers.byEmail('c2@x.com')).toBeNull();
    });

    it('goes on after a store error caught from a nested transaction: the outer one still commits', () => {
      const r = store();
      customer(r, 'taken@x.com');
      const outcome = r.transaction((tx) => {
        enqueue(tx, 'job-1');
        let conflict: unknown = null;
        try {
          tx.transaction((inner) => customer(inner, 'taken@x.com'));
        } catch (err) {
          conflict = err;
        }
        expect(conflict).toBeInstanceOf(UniqueViolation);
        customer(tx, 'free@x.com');
        return 'committed';
      });
      expect(outcome).toBe('committed');
      expect(state(r)).toMatchObject({ customers: 2, jobs: 1 });
      expect(r.customers.byEmail('free@x.com')).not.toBeNull();
    });

    it('runs one transaction after another on the same store, each whole', () => {
      const r = store();
      r.transaction((tx) => change(tx, 1));
      expect(() =>
        r.transaction((tx) => {
          change(tx, 2);
          throw new Error('skip');
        }),
      ).toThrow('skip');
      r.transaction((tx) => change(tx, 3));
      expect(state(r)).toEqual({ customers: 2, jobs: 2, log: 2, setting: 'after 3' });
      expect([r.customers.byEmail('c1@x.com'), r.customers.byEmail('c2@x.com'), r.customers.byEmail('c3@x.com')].map((c) => c !== null)).toEqual([true, false, true]);
    });
  });
}

describeTransactionContract('SQLite', sqliteStore);
