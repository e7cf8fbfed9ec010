import { describe, expect, it } from 'vitest';
import type { Repositories } from '../../../src-main/store/repositories';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, sqliteStore, type StoreFactory } from './store-under-test';

const newCase = (r: Repositories, title: string) => r.cases.insert({ title, description: null, status: 'new', values: {}, personId: null, address: null, dueAt: null }, 0);

/** Reference definitions (name unique in any case) and the values cases hold in them (one case per value). */
export function describeReferencesContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: references`, () => {
    const store = freshStore(factory);

    it('gives back definitions, listed by name whatever the case', () => {
      const { references } = store();
      const e = references.insert('Enquiry number', true, 0);
      const a = references.insert('asset id', false, 0);
      const w = references.insert('Works order', true, 0);
      expect(references.get(e)).toEqual({ id: e, name: 'Enquiry number', showOnCase: true });
      expect(references.list()).toEqual([
        { id: a, name: 'asset id', showOnCase: false },
        { id: e, name: 'Enquiry number', showOnCase: true },
        { id: w, name: 'Works order', showOnCase: true },
      ]);
      expect(references.get(w + 1)).toBeNull();
    });

    it('refuses a second definition of the same name, in any case, on insert and on rename, with UniqueViolation', () => {
      const { references } = store();
      references.insert('Enquiry number', true, 0);
      const other = references.insert('Works order', true, 0);
      expect(() => references.insert('ENQUIRY NUMBER', false, 1)).toThrow(UniqueViolation);
      expect(() => references.update(other, 'enquiry number', true)).toThrow(UniqueViolation);
      expect(references.list().map((d) => d.name)).toEqual(['Enquiry number', 'Works order']);
    });

    it('renames a definition and changes whether cases show it; one that does not exist is not updated', () => {
      const { references } = store();
      const id = references.insert('Enquiry', true, 0);
      expect(references.update(id, 'Enquiry number', false)).toBe(true);
      expect(references.get(id)).toEqual({ id, name: 'Enquiry number', showOnCase: false });
      expect(references.update(id + 1, 'Ghost', true)).toBe(false);
    });

    it('lists every definition for a case, in name order, with the value it holds or none', () => {
      const r = store();
      const enquiry = r.references.insert('Enquiry number', true, 0);
      const works = r.references.insert('Works order', true, 0);
      const c = newCase(r, 'Pothole');
      r.references.set(c, enquiry, 'ENQ-1', 100);
      expect(r.references.ofCase(c)).toEqual([
        { referenceId: enquiry, name: 'Enquiry number', value: 'ENQ-1', updatedAt: 100 },
        { referenceId: works, name: 'Works order', value: null, updatedAt: null },
      ]);
      expect(r.references.ofCase(newCase(r, 'Other')).map((x) => x.value)).toEqual([null, null]);
    });

    it('replaces the value a case holds, and finds the case by the value it holds now', () => {
      const r = store();
      const enquiry = r.references.insert('Enquiry number', true, 0);
      const c = newCase(r, 'Pothole');
      expect(r.references.valueOf(c, enquiry)).toBeNull();
      r.references.set(c, enquiry, 'ENQ-1', 1);
      r.references.set(c, enquiry, 'ENQ-2', 2);
      expect(r.references.valueOf(c, enquiry)).toBe('ENQ-2');
      expect(r.references.caseHolding(enquiry, 'ENQ-2')).toBe(c);
      expect(r.references.caseHolding(enquiry, 'ENQ-1')).toBeNull();
      expect(r.references.ofCase(c)[0]).toMatchObject({ value: 'ENQ-2', updatedAt: 2 });
    });

    it('lets one case hold a value per definition: a second case with it is a UniqueViolation, another definition is not', () => {
      const r = store();
      const enquiry = r.references.insert('Enquiry number', true, 0);
      const works = r.references.insert('Works order', true, 0);
      const a = newCase(r, 'A');
      const b = newCase(r, 'B');
      r.references.set(a, enquiry, '1001', 0);
      expect(() => r.references.set(b, enquiry, '1001', 0)).toThrow(UniqueViolation);
      r.references.set(b, works, '1001', 0);
      expect(r.references.holders('1001').sort((x, y) => x.referenceId - y.referenceId)).toEqual([
        { referenceId: enquiry, caseId: a },
        { referenceId: works, caseId: b },
      ]);
      expect(r.references.holders('9999')).toEqual([]);
    });

    it('refuses a value for a case or a definition that does not exist with NotFound', () => {
      const r = store();
      const enquiry = r.references.insert('Enquiry number', true, 0);
      const c = newCase(r, 'A');
      expect(() => r.references.set(c + 100, enquiry, 'X', 0)).toThrow(NotFound);
      expect(() => r.references.set(c, enquiry + 100, 'X', 0)).toThrow(NotFound);
      expect(r.references.holders('X')).toEqual([]);
    });
  });
}

describeReferencesContract('SQLite', sqliteStore);
