import nodemailer from 'nodemailer';
import { RemoteError } from '../engine/remote-error';
import type { MailSettings } from './mail-settings';
import { classifySmtpError } from './smtp-errors';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail {
  /** The Message-ID the email carries, without the angle brackets. */
  messageId: string;
  /** The server's reply to the end of DATA ("250 2.0.0 Ok: queued as …"), which often names its queue id. */
  response: string;
}

export interface MailerOptions {
  /** Connect, greeting and reply timeouts; shorter in tests. */
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** Sessions held open at once; never more than the rate limit (see below). */
  maxConnections?: number;
  /** The window the rate limit counts in; a second unless a test says otherwise. */
  rateDeltaMs?: number;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Opens a session and signs in, sending nothing: what "Send test email" checks first. Resolves to plain words. */
  verify(): Promise<string>;
  /** verify(), then a short email to `to` (the "Send test email" button). */
  sendTest(to: string): Promise<SentMail>;
  /** Ends the pool's sessions; sends in flight fail and are retried by the engine. */
  close(): void;
}

/**
 * Sending through a pooled nodemailer SMTP transport: a bulk import's welcome emails reuse a few open sessions
 * instead of one TCP + TLS + AUTH handshake each, and the pool keeps to the rate limit from Settings > Email.
 *
 * The pool never requeues a message itself (`maxRequeues: 0`): a failure comes back to the caller at once, classified,
 * so the engine's job runner decides about retries, counts attempts and writes the log line.
 *
 * Rate limit: nodemailer counts messages per `rateDelta` window and checks the count when a session finishes a
 * message; a session opened fresh, or one waiting idle, takes its next message unchecked. Holding at most `rateLimit`
 * sessions keeps a burst (an import's queue) to `rateLimit` a window, which the tests count; after the pool sat idle
 * part-way through a window, that window can take up to `maxConnections` more.
 */
export function createMailer(settings: MailSettings, options: MailerOptions = {}): Mailer {
  const maxConnections = Math.max(1, Math.min(options.maxConnections ?? 3, settings.rateLimitPerSecond));
  const transport = nodemailer.createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.user ? { user: settings.user, pass: settings.password } : undefined,
    maxConnections,
    maxMessages: 100,
    maxRequeues: 0,
    rateLimit: settings.rateLimitPerSecond,
    rateDelta: options.rateDeltaMs ?? 1_000,
    connectionTimeout: options.connectionTimeoutMs ?? 15_000,
    greetingTimeout: options.greetingTimeoutMs ?? 15_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    // The message is built from our strings only: never let a template's content make nodemailer read a file or URL.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
    debug: false,
  });
  const secrets = [settings.password];
  const from = { name: settings.fromName, address: settings.fromAddress };
  const where = `${settings.host}:${settings.port}`;

  async function send(mail: OutgoingMail): Promise<SentMail> {
    let info: { messageId: string; response: string; accepted: (string | { address: string })[]; rejected: (string | { address: string })[] };
    try {
      info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    } catch (err) {
      throw classifySmtpError(err, secrets);
    }
    // One recipient, refused while the message went elsewhere: not delivered to whom it was for.
    if (info.rejected.length > 0 || info.accepted.length === 0)
      throw new RemoteError('validation', 'the mail server refused the recipient address (no such mailbox, or not allowed)', { maybeApplied: false });
    return { messageId: info.messageId.replace(/^<|>$/g, ''), response: info.response };
  }

  return {
    send,
    async verify() {
      try {
        await transport.verify();
      } catch (err) {
        throw classifySmtpError(err, secrets);
      }
      return settings.user ? `Signed in to ${where} as ${settings.user}; ready to send.` : `Connected to ${where}; ready to send.`;
    },
    async sendTest(to) {
      await this.verify();
      return send({
        to,
        subject: 'SyncDesk test email',
        text: `This is a test email from SyncDesk, sent through ${where}. If you can read it, Settings > Email works.`,
      });
    },
    close() {
      transport.close();
    },
  };
}
