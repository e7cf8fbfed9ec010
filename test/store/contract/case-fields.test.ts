import { describe, expect, it } from 'vitest';
import type { CaseFieldInput } from '../../../src-main/store/case-fields-repo';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'caseFields'>;

const field = (key: string, more: Partial<CaseFieldInput> = {}): CaseFieldInput => ({ key, label: key.toUpperCase(), kind: 'text', options: [], required: false, position: 0, ...more });

/** Case field definitions: key unique and fixed, listed by position; every read sees the last committed change. */
export function describeCaseFieldsContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: case fields`, () => {
    const store = freshStore(factory);

    it('gives back an inserted field as defined', async () => {
      const { caseFields } = store();
      const id = await caseFields.insert(field('priority', { label: 'Priority', kind: 'choice', options: ['low', 'high'], required: true, position: 3 }), 0);
      const def = { id, key: 'priority', label: 'Priority', kind: 'choice', options: ['low', 'high'], required: true, position: 3 };
      expect(await caseFields.get(id)).toEqual(def);
      expect(await caseFields.list()).toEqual([def]);
      expect(await caseFields.get(id + 1)).toBeNull();
    });

    it('lists fields by position, then in the order they were made', async () => {
      const { caseFields } = store();
      await caseFields.insert(field('c', { position: 2 }), 0);
      await caseFields.insert(field('a', { position: 1 }), 0);
      await caseFields.insert(field('d', { position: 2 }), 0);
      await caseFields.insert(field('b', { position: 0 }), 0);
      expect((await caseFields.list()).map((f) => f.key)).toEqual(['b', 'a', 'c', 'd']);
    });

    it('refuses a second field with the same key with UniqueViolation', async () => {
      const { caseFields } = store();
      await caseFields.insert(field('site'), 0);
      await expect(caseFields.insert(field('site', { label: 'Other' }), 1)).rejects.toThrow(UniqueViolation);
      expect((await caseFields.list()).map((f) => f.label)).toEqual(['SITE']);
    });

    it('updates everything but the key, and the next list shows it', async () => {
      const { caseFields } = store();
      const id = await caseFields.insert(field('site'), 0);
      const other = await caseFields.insert(field('area', { position: 1 }), 0);
      expect((await caseFields.list()).map((f) => f.key)).toEqual(['site', 'area']);
      expect(await caseFields.update(id, { label: 'Site code', kind: 'number', options: ['x'], required: true, position: 5 })).toBe(true);
      expect(await caseFields.get(id)).toEqual({ id, key: 'site', label: 'Site code', kind: 'number', options: ['x'], required: true, position: 5 });
      expect((await caseFields.list()).map((f) => [f.id, f.label])).toEqual([[other, 'AREA'], [id, 'Site code']]);
      expect(await caseFields.update(other + 100, { label: 'x', kind: 'text', options: [], required: false, position: 0 })).toBe(false);
    });

    it('lists no field whose transaction rolled back, even one listed inside it', async () => {
      const r = store();
      await r.caseFields.insert(field('kept'), 0);
      expect((await r.caseFields.list()).map((f) => f.key)).toEqual(['kept']);
      await expect(r.transaction(async (tx) => {
        await tx.caseFields.insert(field('undone'), 1);
        expect((await tx.caseFields.list()).map((f) => f.key)).toEqual(['kept', 'undone']);
        throw new Error('undo');
      })).rejects.toThrow('undo');
      expect((await r.caseFields.list()).map((f) => f.key)).toEqual(['kept']);
    });

    it('lists no change undone by a nested transaction whose outer one committed', async () => {
      const r = store();
      const id = await r.caseFields.insert(field('site'), 0);
      await r.transaction(async (tx) => {
        await expect(tx.transaction(async (inner) => {
          await inner.caseFields.update(id, { label: 'Renamed', kind: 'text', options: [], required: false, position: 0 });
          expect((await inner.caseFields.list())[0]!.label).toBe('Renamed');
          throw new Error('undo inner');
        })).rejects.toThrow('undo inner');
        await tx.caseFields.insert(field('area'), 1);
      });
      expect((await r.caseFields.list()).map((f) => [f.key, f.label])).toEqual([['site', 'SITE'], ['area', 'AREA']]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeCaseFieldsContract);
