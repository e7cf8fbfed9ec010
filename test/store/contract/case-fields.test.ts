import { describe, expect, it } from 'vitest';
import type { CaseFieldInput } from '../../../src-main/store/case-fields-repo';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

const field = (key: string, more: Partial<CaseFieldInput> = {}): CaseFieldInput => ({ key, label: key.toUpperCase(), kind: 'text', options: [], required: false, position: 0, ...more });

/** Case field definitions: key unique and fixed, listed by position; every read sees the last committed change. */
export function describeCaseFieldsContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: case fields`, () => {
    const store = freshStore(factory);

    it('gives back an inserted field as defined', () => {
      const { caseFields } = store();
      const id = caseFields.insert(field('priority', { label: 'Priority', kind: 'choice', options: ['low', 'high'], required: true, position: 3 }), 0);
      const def = { id, key: 'priority', label: 'Priority', kind: 'choice', options: ['low', 'high'], required: true, position: 3 };
      expect(caseFields.get(id)).toEqual(def);
      expect(caseFields.list()).toEqual([def]);
      expect(caseFields.get(id + 1)).toBeNull();
    });

    it('lists fields by position, then in the order they were made', () => {
      const { caseFields } = store();
      caseFields.insert(field('c', { position: 2 }), 0);
      caseFields.insert(field('a', { position: 1 }), 0);
      caseFields.insert(field('d', { position: 2 }), 0);
      caseFields.insert(field('b', { position: 0 }), 0);
      expect(caseFields.list().map((f) => f.key)).toEqual(['b', 'a', 'c', 'd']);
    });

    it('refuses a second field with the same key with UniqueViolation', () => {
      const { caseFields } = store();
      caseFields.insert(field('site'), 0);
      expect(() => caseFields.insert(field('site', { label: 'Other' }), 1)).toThrow(UniqueViolation);
      expect(caseFields.list().map((f) => f.label)).toEqual(['SITE']);
    });

    it('updates everything but the key, and the next list shows it', () => {
      const { caseFields } = store();
      const id = caseFields.insert(field('site'), 0);
      const other = caseFields.insert(field('area', { position: 1 }), 0);
      expect(caseFields.list().map((f) => f.key)).toEqual(['site', 'area']);
      expect(caseFields.update(id, { label: 'Site code', kind: 'number', options: ['x'], required: true, position: 5 })).toBe(true);
      expect(caseFields.get(id)).toEqual({ id, key: 'site', label: 'Site code', kind: 'number', options: ['x'], required: true, position: 5 });
      expect(caseFields.list().map((f) => [f.id, f.label])).toEqual([[other, 'AREA'], [id, 'Site code']]);
      expect(caseFields.update(other + 100, { label: 'x', kind: 'text', options: [], required: false, position: 0 })).toBe(false);
    });

    it('lists no field whose transaction rolled back, even one listed inside it', () => {
      const r = store();
      r.caseFields.insert(field('kept'), 0);
      expect(r.caseFields.list().map((f) => f.key)).toEqual(['kept']);
      expect(() =>
        r.transaction((tx) => {
          tx.caseFields.insert(field('undone'), 1);
          expect(tx.caseFields.list().map((f) => f.key)).toEqual(['kept', 'undone']);
          throw new Error('undo');
        }),
      ).toThrow('undo');
      expect(r.caseFields.list().map((f) => f.key)).toEqual(['kept']);
    });

    it('lists no change undone by a nested transaction whose outer one committed', () => {
      const r = store();
      const id = r.caseFields.insert(field('site'), 0);
      r.transaction((tx) => {
        expect(() =>
          tx.transaction((inner) => {
            inner.caseFields.update(id, { label: 'Renamed', kind: 'text', options: [], required: false, position: 0 });
            expect(inner.caseFields.list()[0]!.label).toBe('Renamed');
            throw new Error('undo inner');
          }),
        ).toThrow('undo inner');
        tx.caseFields.insert(field('area'), 1);
      });
      expect(r.caseFields.list().map((f) => [f.key, f.label])).toEqual([['site', 'SITE'], ['area', 'AREA']]);
    });
  });
}

describeCaseFieldsContract('SQLite', sqliteStore);
