// Templates and case fields are read from memory once read; every write through the repositories, and every
// rolled-back transaction, drops what was kept.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { tempDir } from '../support/harness';

async function setUp() {
  const repos = createRepositories(openDatabase(join(tempDir(), 'c.db')));
  const ref = await repos.references.insert('Enquiry Number', true, 1);
  const id = await repos.templates.insert({ name: 'In', type: 'enquiry_updated', referenceId: ref, rows: [] }, 1);
  return { repos, ref, id };
}

describe('the configuration cache', () => {
  it('shows a change at once, to get and to ofReference, and follows a renamed Reference', async () => {
    const { repos, ref, id } = await setUp();
    expect((await repos.templates.get(id))!.name).toBe('In');
    await repos.templates.update(id, { name: 'Incoming', type: 'enquiry_updated', referenceId: ref, rows: [] }, 2);
    expect((await repos.templates.get(id))!.name).toBe('Incoming');
    expect((await repos.templates.ofReference(ref, 'enquiry_updated')).map((t) => t.name)).toEqual(['Incoming']);
    await repos.references.update(ref, 'Confirm number', true);
    expect((await repos.templates.get(id))!.referenceName).toBe('Confirm number');
    await repos.templates.delete(id);
    expect(await repos.templates.get(id)).toBeNull();
  });

  it('forgets what a rolled-back transaction wrote, even when it was read inside it', async () => {
    const { repos, ref, id } = await setUp();
    await repos.caseFields.insert({ key: 'depth', label: 'Depth', kind: 'number', options: [], required: false, position: 0 }, 1);
    await expect(repos.transaction(async () => {
      await repos.templates.update(id, { name: 'Never', type: 'enquiry_updated', referenceId: ref, rows: [] }, 2);
      await repos.caseFields.insert({ key: 'width', label: 'Width', kind: 'number', options: [], required: false, position: 1 }, 2);
      expect((await repos.templates.get(id))!.name).toBe('Never');
      expect(await repos.caseFields.list()).toHaveLength(2);
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect((await repos.templates.get(id))!.name).toBe('In');
    expect((await repos.caseFields.list()).map((f) => f.key)).toEqual(['depth']);
  });

  it('hands out frozen values, so no reader can change what the next one sees', async () => {
    const { repos, id } = await setUp();
    const t = (await repos.templates.get(id))!;
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.rows)).toBe(true);
    expect(() => (t.rows as unknown[]).push({})).toThrow(TypeError);
    expect((await repos.templates.get(id))!.rows).toEqual([]);
  });
});
