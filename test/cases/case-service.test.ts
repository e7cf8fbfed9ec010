import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../src-preload/contract';
import { attachmentsDirOf } from '../../src-main/cases/attachment-store';
import { setUpPotholes, startConfirmCore, type ConfirmCore } from '../connectors/confirm/confirm-core';

let h: ConfirmCore;
beforeEach(async () => {
  h = await startConfirmCore();
});
afterEach(async () => {
  await h.close();
});

describe('saving a case', () => {
  it('enqueues one job per matching rule in the same transaction, whatever Confirm is doing', async () => {
    const { create } = await setUpPotholes(h, { withRules: false });
    await h.call('rules:save', { name: 'Deep ones', trigger: 'case_created', templateId: create.id, conditions: [{ field: 'notes', op: 'contains', value: 'deep' }] });
    await h.call('rules:save', { name: 'Disabled', trigger: 'case_created', templateId: create.id, enabled: false });
    await h.services.jobs.stop();
    const before = (await h.services.repos.jobs.counts()).pending;
    const deep = await h.call('cases:save', { title: 'A', values: { notes: 'A deep hole' } });
    expect((await h.services.repos.jobs.counts()).pending - before).toBe(1);
    await h.call('cases:save', { title: 'B', values: { notes: 'shallow' } });
    expect((await h.services.repos.jobs.counts()).pending - before).toBe(1);
    expect(deep.case.id).toBeGreaterThan(0);
  });

  it('refuses unknown fields, wrong kinds and missing required values, saving nothing', async () => {
    await h.call('case-fields:save', { key: 'kind', label: 'Kind', kind: 'choice', options: ['Pothole', 'Flytip'], required: true });
    await h.call('case-fields:save', { key: 'depth', label: 'Depth', kind: 'number' });
    const r = await h.core.dispatch('cases:save', { title: 'A', values: { kind: 'Graffiti', depth: 'deep', colour: 'red' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!r.ok) expect(r.error.issues!.map((i) => i.path).sort()).toEqual(['values.colour', 'values.depth', 'values.kind']);
    const missing = await h.core.dispatch('cases:save', { title: 'A', values: {} });
    expect(missing).toMatchObject({ ok: false, error: { issues: [{ path: 'values.kind', message: 'Kind is required' }] } });
    expect((await h.call('cases:list', {})).cases).toHaveLength(0);
    await h.call('cases:save', { title: 'A', values: { kind: 'Pothole', depth: 3 } });
    expect((await h.call('cases:list', {})).cases).toHaveLength(1);
  });

  it('pages cases newest first', async () => {
    for (let i = 0; i < 5; i++) await h.call('cases:save', { title: `Case ${i}` });
    const first = await h.call('cases:list', { limit: 2 });
    expect(first.cases.map((c) => c.title)).toEqual(['Case 4', 'Case 3']);
    const second = await h.call('cases:list', { limit: 2, cursor: first.nextCursor });
    expect(second.cases.map((c) => c.title)).toEqual(['Case 2', 'Case 1']);
    expect((await h.call('cases:list', { q: 'Case 0' })).cases).toHaveLength(1);
  });

  it('refuses a rule with an incoming template or an unknown condition field', async () => {
    const { incoming, create } = await setUpPotholes(h, { withRules: false });
    expect(await h.core.dispatch('rules:save', { name: 'R', trigger: 'case_created', templateId: incoming.id })).toMatchObject({ ok: false, error: { issues: [{ path: 'templateId' }] } });
    expect(await h.core.dispatch('rules:save', { name: 'R', trigger: 'case_created', templateId: create.id, conditions: [{ field: 'nope', op: 'is_set' }] })).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'conditions.0.field' }] },
    });
  });
});

describe('attachments', () => {
  it('stores the file under attachments/ with its sha256, never under the given name', async () => {
    const { case: c } = await h.call('cases:save', { title: 'A' });
    const bytes = Buffer.from('hello attachment');
    const att = await h.call('cases:add-attachment', { caseId: c.id, fileName: 'note.txt', contentType: 'text/plain', contentBase64: bytes.toString('base64') });
    const row = (await h.services.repos.attachments.get(att.id))!;
    expect(row.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(row.storedName).not.toContain('note');
    const path = join(attachmentsDirOf(h.dataDir), row.storedName);
    expect(readFileSync(path)).toEqual(bytes);
    expect((await h.call('cases:get', { id: c.id })).attachments).toEqual([expect.objectContaining({ fileName: 'note.txt', size: bytes.length })]);
  });

  it('refuses a file over the cap and content that is not base64, keeping no file', async () => {
    const { case: c } = await h.call('cases:save', { title: 'A' });
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1).toString('base64');
    expect(await h.core.dispatch('cases:add-attachment', { caseId: c.id, fileName: 'big.bin', contentBase64: big })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.core.dispatch('cases:add-attachment', { caseId: c.id, fileName: 'x.bin', contentBase64: '<<not base64>>' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await h.core.dispatch('cases:add-attachment', { caseId: 999, fileName: 'x.bin', contentBase64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const dir = attachmentsDirOf(h.dataDir);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
