import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../src-preload/contract';
import { previewHeadline, previewJobs, previewShownNote } from '../../src-renderer/src/features/sync-status/preview-text';

const preview = (over: Partial<PreviewResult> = {}): PreviewResult => ({
  previewId: 1, connectorId: 'erp', taskId: 'accounts', taskName: 'Accounts from the ERP', status: 'success', message: null,
  counts: { fetched: 2_014, created: 2_000, updated: 3, unchanged: 10, skipped: 1, failed: 0 },
  items: [], itemsTotal: 0, jobs: [], previewedAt: 0, durationMs: 10, ...over,
});

describe('preview wording', () => {
  it('says what a run would do, in counts, and what it would queue', () => {
    expect(previewHeadline(preview())).toBe('Would create 2,000 and update 3; 10 checked and unchanged, 1 skipped (2,014 read).');
    expect(previewHeadline(preview({ counts: { fetched: 5, created: 0, updated: 0, unchanged: 5, skipped: 0, failed: 0 } }))).toBe('Would change nothing; 5 checked and unchanged (5 read).');
    expect(previewHeadline(preview({ status: 'failed', message: 'Accounts from the ERP failed: the ERP refused the sign-in' }))).toBe('The preview could not finish: Accounts from the ERP failed: the ERP refused the sign-in');
    expect(previewJobs(preview())).toBeNull();
    expect(previewJobs(preview({ jobs: [{ kind: 'welcome-email', count: 3 }] }))).toBe('It would queue 3 welcome-email jobs; a preview queues none.');
  });

  it('says when the list is cut and the counts are whole', () => {
    const items = Array.from({ length: 2 }, (_, i) => ({ seq: i + 1, ts: 0, entityType: 'account', entityId: String(i), action: 'created' as const, message: null }));
    expect(previewShownNote(preview({ items, itemsTotal: 2 }))).toBeNull();
    expect(previewShownNote(preview({ items, itemsTotal: 5_000 }))).toBe('The first 2 of 5,000 records are listed; the counts cover all of them.');
  });
});
