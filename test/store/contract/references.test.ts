import { describe, expect, it } from 'vitest';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'cases' | 'references'>;

const newCase = async (r: Store, title: string) => await r.cases.insert({ title, description: null, status: 'new', values: {}, personId: null, address: null, dueAt: null }, 0);

/** Reference definitions (name unique in any case) and the values cases hold in them (one case per value). */
export function describeReferencesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: references`, () => {
    const store = freshStore(factory);

    it('gives back definitions, listed by name whatever the case', async () => {
      const { references } = store();
      const e = await references.insert('Enquiry number', true, 0);
      const a = await references.insert('asset id', false, 0);
      const w = await references.insert('Works order', true, 0);
      expect(await references.get(e)).toEqual({ id: e, name: 'Enquiry number', showOnCase: true });
      expect(await references.list()).toEqual([
        { id: a, name: 'asset id', showOnCase: false },
        { id: e, name: 'Enquiry number', showOnCase: true },
        { id: w, name: 'Works order', showOnCase: true },
      ]);
      expect(await references.get(w + 1)).toBeNull();
    });

    it('refuses a second definition of the same name, in any case, on insert and on rename, with UniqueViolation', async () => {
      const { references } = store();
      await references.insert('Enquiry number', true, 0);
      const other = await references.insert('Works order', true, 0);
      await expect(references.insert('ENQUIRY NUMBER', false, 1)).rejects.toThrow(UniqueViolation);
      await expect(references.update(other, 'enquiry number', true)).rejects.toThrow(UniqueViolation);
      expect((await references.list()).map((d) => d.name)).toEqual(['Enquiry number', 'Works order']);
    });

    it('folds ASCII letters only when comparing and ordering names (as SQLite\'s NOCASE), then goes by character code', async () => {
      const { references } = store();
      for (const n of ['b ref', 'B_ref', 'Zulu', 'A-ref', 'a ref', 'ab', 'b-ref', 'Étude', 'étude']) await references.insert(n, true, 0);
      // 'Étude' and 'étude' differ in a letter that is not ASCII; 'ÉTUDE' is 'Étude' once its ASCII letters fold.
      await expect(references.insert('ÉTUDE', true, 0)).rejects.toThrow(UniqueViolation);
      await expect(references.insert('A REF', true, 0)).rejects.toThrow(UniqueViolation);
      expect((await references.list()).map((d) => d.name)).toEqual(['a ref', 'A-ref', 'ab', 'b ref', 'b-ref', 'B_ref', 'Zulu', 'Étude', 'étude']);
    });

    it('renames a definition and changes whether cases show it; one that does not exist is not updated', async () => {
      const { references } = store();
      const id = await references.insert('Enquiry', true, 0);
      expect(await references.update(id, 'Enquiry number', false)).toBe(true);
      expect(await references.get(id)).toEqual({ id, name: 'Enquiry number', showOnCase: false });
      expect(await references.update(id + 1, 'Ghost', true)).toBe(false);
      // An import matches definitions by name in any case and writes the file's spelling back.
      expect(await references.update(id, 'ENQUIRY NUMBER', false)).toBe(true);
      expect(await references.list()).toEqual([{ id, name: 'ENQUIRY NUMBER', showOnCase: false }]);
    });

    it('lists every definition for a case, in name order, with the value it holds or none', async () => {
      const r = store();
      const enquiry = await r.references.insert('Enquiry number', true, 0);
      const works = await r.references.insert('Works order', true, 0);
      const c = await newCase(r, 'Pothole');
      await r.references.set(c, enquiry, 'ENQ-1', 100);
      expect(await r.references.ofCase(c)).toEqual([
        { referenceId: enquiry, name: 'Enquiry number', value: 'ENQ-1', updatedAt: 100 },
        { referenceId: works, name: 'Works order', value: null, updatedAt: null },
      ]);
      expect((await r.references.ofCase(await newCase(r, 'Other'))).map((x) => x.value)).toEqual([null, null]);
    });

    it('replaces the value a case holds, and finds the case by the value it holds now', async () => {
      const r = store();
      const enquiry = await r.references.insert('Enquiry number', true, 0);
      const c = await newCase(r, 'Pothole');
      expect(await r.references.valueOf(c, enquiry)).toBeNull();
      await r.references.set(c, enquiry, 'ENQ-1', 1);
      await r.references.set(c, enquiry, 'ENQ-2', 2);
      expect(await r.references.valueOf(c, enquiry)).toBe('ENQ-2');
      expect(await r.references.caseHolding(enquiry, 'ENQ-2')).toBe(c);
      expect(await r.references.caseHolding(enquiry, 'ENQ-1')).toBeNull();
      expect((await r.references.ofCase(c))[0]).toMatchObject({ value: 'ENQ-2', updatedAt: 2 });
    });

    it('lets one case hold a value per definition: a second case with it is a UniqueViolation, another definition is not', async () => {
      const r = store();
      const enquiry = await r.references.insert('Enquiry number', true, 0);
      const works = await r.references.insert('Works order', true, 0);
      const a = await newCase(r, 'A');
      const b = await newCase(r, 'B');
      await r.references.set(a, enquiry, '1001', 0);
      await expect(r.references.set(b, enquiry, '1001', 0)).rejects.toThrow(UniqueViolation);
      await r.references.set(b, works, '1001', 0);
      // In the order the definitions were made: an incoming update records its first holder's case.
      expect(await r.references.holders('1001')).toEqual([
        { referenceId: enquiry, caseId: a },
        { referenceId: works, caseId: b },
      ]);
      expect(await r.references.holders('9999')).toEqual([]);
    });

    it('refuses a value for a case or a definition that does not exist with NotFound', async () => {
      const r = store();
      const enquiry = await r.references.insert('Enquiry number', true, 0);
      const c = await newCase(r, 'A');
      await expect(r.references.set(c + 100, enquiry, 'X', 0)).rejects.toThrow(NotFound);
      await expect(r.references.set(c, enquiry + 100, 'X', 0)).rejects.toThrow(NotFound);
      expect(await r.references.holders('X')).toEqual([]);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeReferencesContract);
