// What the Maintenance screen says: a cleanup's summary, an import preview's headline and order, and the secrets an
// import still needs.
import { describe, expect, it } from 'vitest';
import type { CleanupResult, ConfigPreview } from '../../src-preload/contract';
import { cleanupSummary, configFileProblem, orderedChanges, previewHeadline, secretsToSend, unansweredSecrets } from '../../src-renderer/src/features/maintenance/maintenance-text';

const cleanup = (over: Partial<CleanupResult>): CleanupResult => ({
  startedAt: 0, finishedAt: 1, logDeleted: 0, runItemsDeleted: 0, fieldChangesDeleted: 0, runsDeleted: 0, downloadsDeleted: 0, rawFilesRemoved: 0, vacuumedPages: 0, bytesBefore: 4096, bytesAfter: 4096, batches: 0, ...over,
});

const preview: ConfigPreview = {
  exportedAt: 0,
  appVersion: '0.1.0',
  changes: [
    { kind: 'template', key: 'Pothole', change: 'unchanged', detail: null },
    { kind: 'connection', key: 'cerm', change: 'changed', detail: 'baseUrl, pageSize' },
    { kind: 'schedule', key: 'erp/prices', change: 'not_applied', detail: 'erp is not installed here' },
    { kind: 'rule', key: 'Urgent', change: 'added', detail: null },
    { kind: 'reference', key: 'HW', change: 'added', detail: null },
  ],
  missingSecrets: [{ connectorId: 'cerm', connectorName: 'CERM', fields: ['clientSecret', 'password'] }],
};

describe('maintenance wording', () => {
  it('sums a cleanup up in words, and says so when nothing was old enough', () => {
    expect(cleanupSummary(cleanup({ logDeleted: 1234, runsDeleted: 1, runItemsDeleted: 2000, bytesBefore: 10 * 1024 * 1024, bytesAfter: 4 * 1024 * 1024 }))).toBe(
      'Removed 1,234 log lines, 1 run (2,000 record lines); the database went from 10 MB to 4.0 MB.',
    );
    expect(cleanupSummary(cleanup({ runsDeleted: 1, runItemsDeleted: 2, fieldChangesDeleted: 3 }))).toBe('Removed 1 run (2 record lines), 3 field changes; the database is 4.0 KB.');
    expect(cleanupSummary(cleanup({}))).toBe('Nothing was old enough to remove; the database is 4.0 KB.');
  });

  it('heads a preview with what it would do, and lists what does something first', () => {
    expect(previewHeadline(preview)).toBe('2 will be added, 1 will change, 1 will not be applied, 1 same as here');
    expect(previewHeadline({ ...preview, changes: [] })).toBe('The file holds no configuration');
    expect(orderedChanges(preview.changes).map((c) => `${c.change} ${c.kind} ${c.key}`)).toEqual([
      'not_applied schedule erp/prices',
      'changed connection cerm',
      'added reference HW',
      'added rule Urgent',
      'unchanged template Pothole',
    ]);
  });

  it('names the secrets still to type, and sends only what was typed, trimmed', () => {
    expect(unansweredSecrets(preview, {})).toEqual(['CERM: clientSecret', 'CERM: password']);
    const answers = { cerm: { clientSecret: ' s3cret ', password: '   ' } };
    expect(unansweredSecrets(preview, answers)).toEqual(['CERM: password']);
    expect(secretsToSend(answers)).toEqual({ cerm: { clientSecret: 's3cret' } });
    expect(secretsToSend({ cerm: { password: '' } })).toEqual({});
  });

  it('refuses an empty or oversized file before reading it', () => {
    expect(configFileProblem({ name: 'a.json', size: 0 })).toBe('a.json is empty.');
    expect(configFileProblem({ name: 'big.json', size: 30_000_000 })).toBe('big.json is 29 MB; a configuration file is at most 19 MB.');
    expect(configFileProblem({ name: 'ok.json', size: 900 })).toBeNull();
  });
});
