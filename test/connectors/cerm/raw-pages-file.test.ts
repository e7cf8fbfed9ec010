import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawPagesFile } from '../../../src-main/export/raw-pages-file';
import { tempDir } from '../../support/harness';

describe('the raw download file', () => {
  it('keeps the bytes CERM sent, whatever their encoding (BOM, latin-1, invalid UTF-8)', async () => {
    const pages = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"Data":[{"Name":"Café"}]}')]),
      Buffer.from('{"Data":[{"Name":"Caf\xe9"}]}', 'latin1'),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    ];
    const path = join(tempDir(), 'raw.json');
    const f = await RawPagesFile.create(path);
    for (const p of pages) await f.add(p);
    await f.close();
    const expected = Buffer.concat([Buffer.from('['), pages[0]!, Buffer.from(','), pages[1]!, Buffer.from(','), pages[2]!, Buffer.from(']')]);
    expect(readFileSync(path).equals(expected)).toBe(true);
    expect(f.bytes).toBe(expected.length);
  });

  it('is the body itself when there is one page', async () => {
    const body = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const path = join(tempDir(), 'one.json');
    const f = await RawPagesFile.create(path);
    await f.add(body);
    await f.close();
    expect(readFileSync(path).equals(body)).toBe(true);
  });
});
