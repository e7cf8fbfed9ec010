import { open, type FileHandle } from 'node:fs/promises';

/**
 * A remote's answers exactly as received. One page: the file is that body. Several pages: a JSON array whose elements
 * are the page bodies, verbatim, in order ("[" body1 "," body2 "]"). The first body is held back until a second page
 * shows which of the two the file is.
 */
const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

export class RawPagesFile {
  pages = 0;
  bytes = 0;
  private held: Buffer | null = null;
  private fh: FileHandle | null = null;

  private constructor(readonly path: string) {}

  static async create(path: string): Promise<RawPagesFile> {
    const f = new RawPagesFile(path);
    f.fh = await open(path, 'w');
    return f;
  }

  /** Bytes, not text: whatever encoding the remote answers in, the file keeps it as sent. */
  async add(body: Buffer): Promise<void> {
    if (this.pages === 0) this.held = body;
    else if (this.pages === 1) {
      await this.write(Buffer.concat([OPEN, this.held!]));
      this.held = null;
      await this.write(Buffer.concat([COMMA, body]));
    } else await this.write(Buffer.concat([COMMA, body]));
    this.pages++;
  }

  /** Writes what is still held and closes the file; after a failure the file holds the pages received until then. */
  async close(): Promise<void> {
    if (!this.fh) return;
    if (this.pages === 1) await this.write(this.held!);
    else if (this.pages > 1) await this.write(CLOSE);
    this.held = null;
    await this.fh.sync();
    await this.fh.close();
    this.fh = null;
  }

  private async write(buf: Buffer): Promise<void> {
    await this.fh!.write(buf);
    this.bytes += buf.byteLength;
  }
}
