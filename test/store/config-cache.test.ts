// Templates and case fields are read from memory once read; every write through the repositories, and every
// rolled-back transaction, drops what was kept.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/store/database';
import { createRepositories } from '../../src-main/store/repositories';
import { tempDir } from '../support/harness';

function setUp() {
  const repos = createRepositories(openDatabase(join(tempDir(), 'c.db')));
  const ref = repos.references.insert('Enquiry Number', true, 1);
  const id = repos.templates.insert({ name: 'In', type: 'enquiry_updated', referenceId: ref, rows: [] }, 1);
  return { repos, ref, id };
}

describe('the configuration cache', () => {
  it('shows a change at once, to get and to ofReference, and follows a renamed Reference', () => {
    const { repos, ref, id } = setUp();
    expect(repos.templates.get(id)!.name).toBe('In');
    repos.templates.update(id, { name: 'Incoming', type: 'enquiry_updated', referenceId: ref, rows: [] }, 2);
    expect(repos.templates.get(id)!.name).toBe('Incoming');
    expect(repos.templates.ofReference(ref, 'enquiry_updated').map((t) => t.name)).toEqual(['Incoming']);
    repos.references.update(ref, 'Confirm number', true);
    expect(repos.templates.get(id)!.referenceName).toBe('Confirm number');
    repos.templates.delete(id);
    expect(repos.templates.get(id)).toBeNull();
  });

  it('forgets what a rolled-back transaction wrote, even when it was read inside it', () => {
    const { repos, ref, id } = setUp();
    repos.caseFields.insert({ key: 'depth', label: 'Depth', kind: 'number', options: [], required: false, position: 0 }, 1);
    expect(() =>
      repos.transaction(() => {
        repos.templates.update(id, { name: 'Never', type: 'enquiry_updated', referenceId: ref, rows: [] }, 2);
        repos.caseFields.insert({ key: 'width', label: 'Width', kind: 'number', options: [], required: false, position: 1 }, 2);
        expect(repos.templates.get(id)!.name).toBe('Never');
        expect(repos.caseFields.list()).toHaveLength(2);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(repos.templates.get(id)!.name).toBe('In');
    expect(repos.caseFields.list().map((f) => f.key)).toEqual(['depth']);
  });

  it('hands out frozen values, so no reader can change what the next one sees', () => {
    const { repos, id } = setUp();
    const t = repos.templates.get(id)!;
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.rows)).toBe(true);
    expect(() => (t.rows as unknown[]).push({})).toThrow(TypeError);
    expect(repos.templates.get(id)!.rows).toEqual([]);
  });
});
