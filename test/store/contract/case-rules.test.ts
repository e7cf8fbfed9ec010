import { describe, expect, it } from 'vitest';
import type { RuleInput } from '../../../src-main/store/case-rules-repo';
import { NotFound } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

/** The aggregates this contract uses. */
type Store = StoreOf<'references' | 'templates' | 'caseRules'>;

const rule = (name: string, templateId: number, more: Partial<RuleInput> = {}): RuleInput => ({ name, trigger: 'case_created', conditions: [], templateId, enabled: true, position: 0, ...more });

async function newTemplate(r: Store, name: string): Promise<number> {
  const ref = (await r.references.list())[0]?.id ?? (await r.references.insert('Enquiry number', true, 0));
  return await r.templates.insert({ name, type: 'create_enquiry', referenceId: ref, rows: [] }, 0);
}

/** The rules that apply a template to a case: by position (ties in the order made), only enabled ones firing. */
export function describeCaseRulesContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: case rules`, () => {
    const store = freshStore(factory);

    it('gives back an inserted rule with its conditions in order and its template by name', async () => {
      const r = store();
      const t = await newTemplate(r, 'Raise pothole');
      const conditions = [{ field: 'status', op: 'equals', value: 'open' }, { field: 'site', op: 'is_set', value: '' }] as const;
      const id = await r.caseRules.insert(rule('Potholes', t, { trigger: 'case_updated', conditions: [...conditions], enabled: false, position: 4 }), 0);
      const view = { id, name: 'Potholes', trigger: 'case_updated', conditions, templateId: t, templateName: 'Raise pothole', enabled: false, position: 4 };
      expect(await r.caseRules.get(id)).toEqual(view);
      expect(await r.caseRules.list()).toEqual([view]);
      expect(await r.caseRules.get(id + 1)).toBeNull();
    });

    it('lists rules by position (any whole number), then in the order they were made', async () => {
      const r = store();
      const t = await newTemplate(r, 'Raise');
      const positions = [['c', 2], ['far', 3_000_000_000], ['a', 1], ['d', 2], ['b', 0], ['before', -1]] as const;
      for (const [n, position] of positions) await r.caseRules.insert(rule(n, t, { position }), 0);
      expect((await r.caseRules.list()).map((x) => [x.name, x.position])).toEqual([['before', -1], ['b', 0], ['a', 1], ['c', 2], ['d', 2], ['far', 3_000_000_000]]);
    });

    it("finds a trigger's enabled rules only, by position then the order they were made", async () => {
      const r = store();
      const t = await newTemplate(r, 'Raise');
      await r.caseRules.insert(rule('late', t, { position: 5 }), 0);
      await r.caseRules.insert(rule('off', t, { position: 0, enabled: false }), 0);
      await r.caseRules.insert(rule('first', t, { position: 1 }), 0);
      await r.caseRules.insert(rule('tie', t, { position: 1 }), 0);
      await r.caseRules.insert(rule('on update', t, { trigger: 'case_updated', position: 0 }), 0);
      expect((await r.caseRules.enabledFor('case_created')).map((x) => x.name)).toEqual(['first', 'tie', 'late']);
      expect((await r.caseRules.enabledFor('case_updated')).map((x) => x.name)).toEqual(['on update']);
      expect(await r.caseRules.enabledFor('attachment_added')).toEqual([]);
    });

    it('replaces every field on update, and shows the template by its name now; one that does not exist is not updated', async () => {
      const r = store();
      const raise = await newTemplate(r, 'Raise');
      const update = await newTemplate(r, 'Update');
      const id = await r.caseRules.insert(rule('On create', raise, { conditions: [{ field: 'title', op: 'contains', value: 'hole' }] }), 0);
      const changed = rule('On attachment', update, { trigger: 'attachment_added', enabled: false, position: 3 });
      expect(await r.caseRules.update(id, changed, 10)).toBe(true);
      expect(await r.caseRules.get(id)).toEqual({ ...changed, id, templateName: 'Update' });
      await r.templates.update(update, { name: 'Update enquiry', type: 'update_enquiry', referenceId: (await r.references.list())[0]!.id, rows: [] }, 20);
      expect((await r.caseRules.get(id))!.templateName).toBe('Update enquiry');
      expect((await r.caseRules.enabledFor('attachment_added'))).toEqual([]);
      expect(await r.caseRules.update(id + 100, changed, 30)).toBe(false);
    });

    it('refuses a rule for a template that does not exist with NotFound, on insert and on update', async () => {
      const r = store();
      const t = await newTemplate(r, 'Raise');
      await expect(r.caseRules.insert(rule('x', t + 100), 0)).rejects.toThrow(NotFound);
      const id = await r.caseRules.insert(rule('x', t), 0);
      await expect(r.caseRules.update(id, rule('x', t + 100), 1)).rejects.toThrow(NotFound);
      expect((await r.caseRules.list()).map((x) => [x.id, x.templateId])).toEqual([[id, t]]);
    });

    it('deletes a rule once, leaving the others and the template', async () => {
      const r = store();
      const t = await newTemplate(r, 'Raise');
      const gone = await r.caseRules.insert(rule('gone', t), 0);
      const kept = await r.caseRules.insert(rule('kept', t), 0);
      expect(await r.caseRules.delete(gone)).toBe(true);
      expect(await r.caseRules.delete(gone)).toBe(false);
      expect(await r.caseRules.get(gone)).toBeNull();
      expect((await r.caseRules.enabledFor('case_created')).map((x) => x.id)).toEqual([kept]);
      expect(await r.templates.get(t)).not.toBeNull();
    });
  });
}

onSqliteWhenRun(import.meta.url, describeCaseRulesContract);
