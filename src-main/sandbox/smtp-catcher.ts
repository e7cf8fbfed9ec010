import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Faults } from '../../src-preload/contract';
import { NO_FAULTS, seededUnit } from './sandbox-server';
import type { Simulator } from './simulator';

/** One message the catcher accepted, parsed. `raw` is kept so tests can read headers the parse leaves out. */
export interface CaughtMessage {
  id: number;
  sessionId: string;
  /** What the client said in the envelope (MAIL FROM / RCPT TO), which may differ from the headers. */
  envelope: { from: string | null; to: string[] };
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  date: Date | null;
  messageId: string | null;
  /** Bytes of the message as it came over DATA. */
  size: number;
  raw: string;
  /** When the catcher had the whole message (Date.now()). */
  receivedAt: number;
  /** The user of AUTH PLAIN/LOGIN, when the client signed in. */
  user: string | null;
}

export interface SmtpCatcherOptions {
  name?: string;
  seed?: number;
  /** Messages kept in memory; the oldest go first (a sandbox left running for days must not grow without limit). */
  maxMessages?: number;
  /** Largest message accepted, in bytes (SIZE in EHLO; larger ones get 552). */
  maxSize?: number;
}

const TEMPORARY = { code: 451, text: '4.3.0 Temporary failure, try again later (sandbox fault)' };
const NO_MAILBOX = { code: 550, text: '5.1.1 Mailbox unavailable: no such user here (sandbox fault)' };
const AUTH_FAILED = { code: 535, text: '5.7.8 Authentication credentials invalid (sandbox fault)' };

function smtpError(reply: { code: number; text: string }): Error & { responseCode: number } {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '').filter(Boolean));
}

/**
 * The accounting connector's mail server in sandbox mode: a real SMTP server on 127.0.0.1 that keeps what it is sent
 * instead of delivering it, with switchable faults so the mailer's failure handling is tested against real replies.
 * No TLS (a catcher on loopback has nothing to protect and no certificate to trust); AUTH PLAIN/LOGIN are accepted
 * with any credentials, and not required.
 */
export class SmtpCatcher implements Simulator {
  readonly name: string;
  readonly seed: number;
  faults: Faults = { ...NO_FAULTS };
  /** Sessions opened and messages offered (DATA begun), faults included. */
  sessions = 0;
  requests = 0;
  faultsInjected = 0;
  /** The next this-many messages get 451 at the end of DATA. */
  failNextMessages = 0;
  /** The next this-many messages lose the connection half way through DATA. */
  dropNextMessages = 0;
  /** Every AUTH is refused with 535 (a wrong password). */
  rejectAuth = false;
  private readonly badRecipients = new Set<string>();
  private readonly messages: CaughtMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly maxMessages: number;
  private readonly maxSize: number;
  private server: SMTPServer | null = null;
  private port = 0;
  private nextId = 1;

  constructor(options: SmtpCatcherOptions = {}) {
    this.name = options.name ?? 'smtp';
    this.seed = options.seed ?? 42;
    this.maxMessages = options.maxMessages ?? 1_000;
    this.maxSize = options.maxSize ?? 10 * 1024 * 1024;
  }

  get url(): string | null {
    return this.port ? `smtp://127.0.0.1:${this.port}` : null;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** The port it listens on (kept while "down", so switching down off listens on the same one). */
  get listeningPort(): number {
    return this.port;
  }

  async start(port = 0): Promise<string> {
    if (this.server) return this.url!;
    const server = this.createServer();
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port || this.port, '127.0.0.1', () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => {}); // a client's broken socket must not crash the sandbox
    this.server = server;
    this.port = (server.server.address() as { port: number }).port;
    return this.url!;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    // close() waits for open sessions (a pooled client keeps them); end them, as a server going away would.
    for (const c of server.connections) c._socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** "down" closes the listener for real (connection refused); switching it off listens again on the same port. */
  async setFaults(next: Partial<Faults>): Promise<Faults> {
    const wasDown = this.faults.down;
    this.faults = { ...this.faults, ...next };
    if (this.faults.down && !wasDown && this.server) {
      const port = this.port;
      await this.stop();
      this.port = port;
    } else if (!this.faults.down && wasDown && !this.server) {
      await this.start(this.port);
    }
    return this.faults;
  }

  /** RCPT TO for these addresses gets 550 (a mailbox that does not exist), until cleared. */
  rejectRecipients(...emails: string[]): void {
    for (const e of emails) this.badRecipients.add(e.toLowerCase());
  }

  clearRejectedRecipients(): void {
    this.badRecipients.clear();
  }

  list(): CaughtMessage[] {
    return [...this.messages];
  }

  get(id: number): CaughtMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  get count(): number {
    return this.messages.length;
  }

  /** Forgets the messages and every counter and fault switch but "down". */
  clear(): void {
    this.messages.length = 0;
    this.sessions = 0;
    this.requests = 0;
    this.faultsInjected = 0;
    this.failNextMessages = 0;
    this.dropNextMessages = 0;
    this.rejectAuth = false;
    this.badRecipients.clear();
  }

  /** Resolves with the first kept message that matches, now or once it arrives; rejects after timeoutMs. */
  waitFor(predicate: (m: CaughtMessage) => boolean, timeoutMs = 10_000): Promise<CaughtMessage> {
    const found = this.messages.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = this.messages.find(predicate);
        if (!m) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`no matching message within ${timeoutMs} ms (${this.messages.length} caught)`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Resolves once at least n messages are kept. */
  waitForCount(n: number, timeoutMs = 10_000): Promise<CaughtMessage[]> {
    return this.waitFor(() => this.messages.length >= n, timeoutMs).then(() => this.list());
  }

  private createServer(): SMTPServer {
    return new SMTPServer({
      name: 'sandbox.syncdesk.local',
      banner: 'SyncDesk sandbox SMTP catcher',
      disabledCommands: ['STARTTLS'],
      authMethods: ['PLAIN', 'LOGIN'],
      authOptional: true,
      allowInsecureAuth: true,
      disableReverseLookup: true,
      size: this.maxSize,
      logger: false,
      onConnect: (_session, cb) => {
        this.sessions++;
        cb();
      },
      onAuth: (auth, _session, cb) => {
        if (this.rejectAuth) {
          this.faultsInjected++;
          return cb(smtpError(AUTH_FAILED));
        }
        cb(null, { user: auth.username ?? 'user' });
      },
      onRcptTo: (address, _session, cb) => {
        if (this.badRecipients.has(address.address.toLowerCase())) {
          this.faultsInjected++;
          return cb(smtpError(NO_MAILBOX));
        }
        cb();
      },
      onData: (stream, session, cb) => void this.onData(stream, session, cb),
    });
  }

  private async onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb: (err?: Error | null) => void): Promise<void> {
    const n = ++this.requests;
    if (this.dropNextMessages > 0 || this.faults.reset) {
      if (!this.faults.reset) this.dropNextMessages--;
      this.faultsInjected++;
      // Half way through DATA: the first chunk arrived, the end never does. The client cannot think it was sent.
      stream.once('data', () => this.connectionOf(session)?._socket.destroy());
      stream.resume();
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise<void>((resolve) => stream.once('end', resolve));
    if (this.faults.hang) return; // never answers: the client's own timeout has to end it
    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    if ((stream as { sizeExceeded?: boolean }).sizeExceeded) return cb(); // smtp-server answers 552 itself
    const seeded = this.faults.errorRate > 0 && seededUnit(this.seed, 'smtp', n) < this.faults.errorRate;
    if (this.failNextMessages > 0 || seeded) {
      if (!seeded) this.failNextMessages--;
      this.faultsInjected++;
      return cb(smtpError(TEMPORARY));
    }
    const raw = Buffer.concat(chunks);
    // Parsed and kept before the 250: once the client hears "accepted", list() has it.
    let parsed: ParsedMail | null = null;
    try {
      parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    } catch {
      parsed = null; // kept raw: the sandbox shows what it could not read rather than refusing it
    }
    this.keep(raw, session, parsed);
    cb();
  }

  private keep(raw: Buffer, session: SMTPServerSession, parsed: ParsedMail | null): void {
    this.messages.push({
      id: this.nextId++,
      sessionId: session.id,
      envelope: {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((r) => r.address),
      },
      from: parsed ? (addresses(parsed.from)[0] ?? '') : '',
      to: parsed ? addresses(parsed.to) : [],
      subject: parsed?.subject ?? '',
      text: parsed?.text ?? '',
      html: parsed && typeof parsed.html === 'string' ? parsed.html : null,
      date: parsed?.date ?? null,
      messageId: parsed?.messageId ?? null,
      size: raw.length,
      raw: raw.toString('utf8'),
      receivedAt: Date.now(),
      user: typeof session.user === 'string' ? session.user : null,
    });
    while (this.messages.length > this.maxMessages) this.messages.shift();
    for (const w of [...this.waiters]) w();
  }

  private connectionOf(session: SMTPServerSession) {
    for (const c of this.server?.connections ?? []) if (c.id === session.id) return c;
    return undefined;
  }
}
