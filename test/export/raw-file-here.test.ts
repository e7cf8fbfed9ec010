import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawFileHere } from '../../src-main/export/raw-download-copy';
import { AppErrorException } from '../../src-main/errors/app-error';

// Where an engine finds a download's raw file, and what it says when the file is in another engine's folder.

const tempDir = () => mkdtempSync(join(tmpdir(), 'syncdesk-raw-'));

const download = (rawFile: string | null, host: string | null) => ({ id: 12, rawFile, host, message: null, status: 'complete' as const });

function refusal(fn: () => unknown): AppErrorException {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppErrorException) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe('a raw download’s file, from this engine', () => {
  it('is the file of that name in this engine’s downloads folder, whichever engine wrote it and wherever it mounts the shared folder', () => {
    const mine = tempDir();
    writeFileSync(join(mine, 'cerm-customers-12.json'), '[]');
    const here = { downloadsDir: mine, host: 'engine-b.example' };
    expect(rawFileHere(download('/mnt/shared/downloads/cerm-customers-12.json', 'engine-a.example'), 'CERM customer download', here)).toBe(join(mine, 'cerm-customers-12.json'));
    expect(rawFileHere(download(join(mine, 'cerm-customers-12.json'), null), 'CERM customer download', here)).toBe(join(mine, 'cerm-customers-12.json'));
  });

  it('is not another folder’s file of the same path, even one this engine could read', () => {
    const theirs = tempDir();
    writeFileSync(join(theirs, 'cerm-customers-12.json'), '[]');
    const e = refusal(() => rawFileHere(download(join(theirs, 'cerm-customers-12.json'), 'engine-a.example'), 'CERM customer download', { downloadsDir: tempDir(), host: 'engine-b.example' }));
    expect(e.message).toMatch(/^The raw file of CERM customer download 12 is in the files folder of the engine on engine-a\.example/);
  });

  it('names the engine whose folder has it when another host wrote it', () => {
    const e = refusal(() => rawFileHere(download('/var/lib/syncdesk/downloads/cerm-customers-12.json', 'engine-a.example'), 'CERM customer download', { downloadsDir: tempDir(), host: 'engine-b.example' }));
    expect(e.code).toBe('not_found');
    expect(e.message).toBe(
      'The raw file of CERM customer download 12 is in the files folder of the engine on engine-a.example, which this engine (on engine-b.example) cannot read. ' +
        'Export it from the console of the engine on engine-a.example, or start every engine with one shared folder for their files (--files-dir, e.g. an NFS mount at the same path on each).',
    );
    expect(e.detail).toBe('Its raw file was written to /var/lib/syncdesk/downloads/cerm-customers-12.json on engine-a.example.');
  });

  it('says another engine on this host wrote it, or it was removed, when this host wrote it', () => {
    const e = refusal(() => rawFileHere(download('/srv/a/downloads/gone.json', 'engine-b.example'), 'accounting customer download', { downloadsDir: tempDir(), host: 'engine-b.example' }));
    expect(e.message).toMatch(/^The raw file of accounting customer download 12 is not in this engine's files folder: another engine on this host \(engine-b\.example\) with a folder of its own wrote it, or it was removed\. /);
  });

  it('says the file was moved or removed where no host was recorded (downloads from before hosts were), and that nothing was saved where no file was', () => {
    expect(refusal(() => rawFileHere(download('/nowhere/cerm-customers-12.json', null), 'CERM customer download', { downloadsDir: tempDir(), host: 'engine-b.example' })).message).toBe(
      'The raw file of CERM customer download 12 is not where it was written any more: it was moved or removed outside SyncDesk.',
    );
    expect(refusal(() => rawFileHere({ ...download(null, 'engine-a.example'), status: 'failed', message: 'page 1 timed out' }, 'CERM customer download')).message).toBe(
      'CERM customer download 12 saved no file (page 1 timed out).',
    );
  });
});
