import { describe, expect, it } from 'vitest';
import type { TemplateInput } from '../../../src-main/store/templates-repo';
import type { MappingRow, TemplateType } from '../../../src-preload/contract';
import { NotFound, UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'references' | 'templates' | 'caseRules'>;

const ROWS: MappingRow[] = [
  { direction: 'out', target: { kind: 'field', name: 'EnquiryDescription' }, source: { kind: 'case_builtin', key: 'title' } },
  { direction: 'out', target: { kind: 'attribute', typeCode: '{{case.issue_type}}' }, source: { kind: 'static', value: 'Pothole' } },
];
const IN_ROWS: MappingRow[] = [{ direction: 'in', source: { kind: 'field', name: 'StatusCode' }, target: { kind: 'case_status', map: { '1': 'open', '9': 'closed' } } }];

const template = (name: string, referenceId: number, more: Partial<TemplateInput> = {}): TemplateInput => ({ name, type: 'create_enquiry', referenceId, rows: ROWS, ...more });

const names = async (r: Store) => (await r.templates.list()).map((t) => t.name);

/** Confirm mapping templates: name unique in any case, each for one existing Reference, and the rules that use them. */
export function describeTemplatesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: templates`, () => {
    const store = freshStore(factory);

    it('gives back an inserted template with its rows in order and its Reference by name', async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry number', true, 0);
      const id = await r.templates.insert(template('Raise pothole', ref), 1_000);
      const view = { id, name: 'Raise pothole', type: 'create_enquiry', referenceId: ref, referenceName: 'Enquiry number', rows: ROWS, updatedAt: 1_000 };
      expect(await r.templates.get(id)).toEqual(view);
      expect(await r.templates.list()).toEqual([view]);
      expect(await r.templates.get(id + 1)).toBeNull();
    });

    it('lists templates by name with ASCII letters in any case, then character by character', async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry number', true, 0);
      for (const n of ['b raise', 'B_update', 'Émile', 'A-close', 'a close', 'Zebra', 'ab', 'b-update']) await r.templates.insert(template(n, ref), 0);
      expect(await names(r)).toEqual(['a close', 'A-close', 'ab', 'b raise', 'b-update', 'B_update', 'Zebra', 'Émile']);
    });

    it('refuses a second template of the same name, in any case, on insert and on update, with UniqueViolation', async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry number', true, 0);
      await r.templates.insert(template('Raise pothole', ref), 0);
      const other = await r.templates.insert(template('Update pothole', ref, { type: 'update_enquiry' }), 0);
      await expect(r.templates.insert(template('RAISE POTHOLE', ref), 1)).rejects.toThrow(UniqueViolation);
      await expect(r.templates.update(other, template('raise pothole', ref), 1)).rejects.toThrow(UniqueViolation);
      expect(await names(r)).toEqual(['Raise pothole', 'Update pothole']);
    });

    it('refuses a template for a Reference that does not exist with NotFound, on insert and on update', async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry number', true, 0);
      await expect(r.templates.insert(template('Raise', ref + 100), 0)).rejects.toThrow(NotFound);
      const id = await r.templates.insert(template('Raise', ref), 0);
      await expect(r.templates.update(id, template('Raise', ref + 100), 1)).rejects.toThrow(NotFound);
      expect((await r.templates.get(id))!.referenceId).toBe(ref);
    });

    it('replaces name, type, Reference and rows on update; one that does not exist is not updated', async () => {
      const r = store();
      const enquiry = await r.references.insert('Enquiry number', true, 0);
      const works = await r.references.insert('Works order', true, 0);
      const id = await r.templates.insert(template('Raise', enquiry), 100);
      expect(await r.templates.update(id, { name: 'Read back', type: 'enquiry_updated', referenceId: works, rows: IN_ROWS }, 200)).toBe(true);
      expect(await r.templates.get(id)).toEqual({ id, name: 'Read back', type: 'enquiry_updated', referenceId: works, referenceName: 'Works order', rows: IN_ROWS, updatedAt: 200 });
      expect(await r.templates.update(id + 100, template('Ghost', enquiry), 300)).toBe(false);
      expect(await names(r)).toEqual(['Read back']);
      // An import matches templates by name in any case and writes the file's spelling back.
      expect(await r.templates.update(id, { name: 'READ BACK', type: 'enquiry_updated', referenceId: works, rows: IN_ROWS }, 400)).toBe(true);
      expect(await names(r)).toEqual(['READ BACK']);
    });

    it("shows a renamed Reference's new name on its templates", async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry', true, 0);
      const id = await r.templates.insert(template('Raise', ref), 0);
      expect((await r.templates.get(id))!.referenceName).toBe('Enquiry');
      await r.references.update(ref, 'Enquiry number', true);
      expect((await r.templates.get(id))!.referenceName).toBe('Enquiry number');
      expect((await r.templates.ofReference(ref, 'create_enquiry'))[0]!.referenceName).toBe('Enquiry number');
      expect((await r.templates.list())[0]!.referenceName).toBe('Enquiry number');
    });

    it('finds the templates of one type for a Reference, oldest first, and no others', async () => {
      const r = store();
      const enquiry = await r.references.insert('Enquiry number', true, 0);
      const works = await r.references.insert('Works order', true, 0);
      const make = async (n: string, referenceId: number, type: TemplateType) => await r.templates.insert(template(n, referenceId, { type }), 0);
      const z = await make('Z read back', enquiry, 'enquiry_updated');
      await make('Raise', enquiry, 'create_enquiry');
      const a = await make('A read back', enquiry, 'enquiry_updated');
      await make('Works read back', works, 'enquiry_updated');
      expect((await r.templates.ofReference(enquiry, 'enquiry_updated')).map((t) => t.id)).toEqual([z, a]);
      expect((await r.templates.ofReference(enquiry, 'update_enquiry'))).toEqual([]);
      expect((await r.templates.ofReference(works + 100, 'enquiry_updated'))).toEqual([]);
    });

    it('deletes a template with the rules that apply it, once', async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry number', true, 0);
      const gone = await r.templates.insert(template('Raise', ref), 0);
      const kept = await r.templates.insert(template('Update', ref, { type: 'update_enquiry' }), 0);
      const rule = (name: string, templateId: number) => ({ name, templateId, trigger: 'case_created' as const, conditions: [], enabled: true, position: 0 });
      await r.caseRules.insert(rule('On create', gone), 0);
      const other = await r.caseRules.insert(rule('On update', kept), 0);
      expect(await r.templates.delete(gone)).toBe(true);
      expect(await r.templates.get(gone)).toBeNull();
      expect((await r.caseRules.list()).map((x) => x.id)).toEqual([other]);
      expect(await r.templates.delete(gone)).toBe(false);
      expect(await names(r)).toEqual(['Update']);
    });

    it('gives back no template whose transaction rolled back, even one read inside it', async () => {
      const r = store();
      const ref = await r.references.insert('Enquiry number', true, 0);
      const kept = await r.templates.insert(template('Kept', ref), 0);
      expect((await r.templates.get(kept))!.name).toBe('Kept');
      let undone = 0;
      await expect(r.transaction(async (tx) => {
        undone = await tx.templates.insert(template('Undone', ref, { type: 'enquiry_updated' }), 1);
        await tx.templates.update(kept, template('Renamed', ref), 1);
        expect((await tx.templates.ofReference(ref, 'enquiry_updated')).map((t) => t.name)).toEqual(['Undone']);
        expect((await tx.templates.get(kept))!.name).toBe('Renamed');
        throw new Error('undo');
      })).rejects.toThrow('undo');
      expect(await r.templates.get(undone)).toBeNull();
      expect(await r.templates.ofReference(ref, 'enquiry_updated')).toEqual([]);
      expect((await r.templates.get(kept))!.name).toBe('Kept');
      expect(await names(r)).toEqual(['Kept']);
    });
  });
}

onSqliteWhenRun(import.meta.url, describeTemplatesContract);
