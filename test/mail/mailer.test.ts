// The mailer against the sandbox's SMTP catcher over real SMTP sessions on loopback: what arrives, how the pool and
// its rate limit behave, and how each failure the catcher can stage is classified for the engine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RemoteError } from '../../src-main/engine/remote-error';
import { mailSettingsSchema, type MailSettings } from '../../src-main/mail/mail-settings';
import { createMailer, type Mailer, type MailerOptions } from '../../src-main/mail/mailer';
import { SmtpCatcher } from '../../src-main/sandbox/smtp-catcher';

const SECRET_BODY = 'Your password: tqk7m-x2pzr-h4wbn';
let catcher: SmtpCatcher;
const mailers: Mailer[] = [];

function settings(over: Partial<Record<keyof MailSettings, unknown>> = {}): MailSettings {
  return mailSettingsSchema.parse({ host: '127.0.0.1', port: catcher.listeningPort, security: 'none', fromName: 'The Shop', fromAddress: 'shop@example.com', ...over });
}

function mailer(over: Partial<Record<keyof MailSettings, unknown>> = {}, options: MailerOptions = {}): Mailer {
  const m = createMailer(settings(over), { connectionTimeoutMs: 5_000, greetingTimeoutMs: 5_000, socketTimeoutMs: 5_000, ...options });
  mailers.push(m);
  return m;
}

const welcome = { to: 'ann@example.com', subject: 'Your account has been created', text: SECRET_BODY, html: `<p>${SECRET_BODY}</p>` };

async function failure(p: Promise<unknown>): Promise<RemoteError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RemoteError);
  const e = err as RemoteError;
  // Whatever the failure, its words never carry the message body (it may hold a password).
  expect(`${e.message} ${e.extra.details ?? ''}`).not.toContain('tqk7m');
  return e;
}

beforeEach(async () => {
  catcher = new SmtpCatcher();
  await catcher.start();
});
afterEach(async () => {
  for (const m of mailers.splice(0)) m.close();
  await catcher.stop();
});

describe('mailer', () => {
  it('sends through a real SMTP session: From, To, subject, text and HTML arrive, and the Message-ID comes back', async () => {
    const sent = await mailer().send(welcome);
    const m = await catcher.waitFor((x) => x.to.includes('ann@example.com'));
    expect(m).toMatchObject({ from: 'shop@example.com', subject: 'Your account has been created', text: SECRET_BODY, html: `<p>${SECRET_BODY}</p>` });
    expect(m.raw).toMatch(/^From: The Shop <shop@example\.com>/m);
    expect(m.messageId).toBe(`<${sent.messageId}>`);
    expect(sent.response).toMatch(/^250 /);
  });

  it('is pooled: many messages share a few sessions', async () => {
    const m = mailer({ rateLimitPerSecond: 100 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => m.send({ ...welcome, to: `c${i}@example.com` })));
    expect(catcher.count).toBe(12);
    expect(catcher.sessions).toBeLessThanOrEqual(3);
    expect(new Set(catcher.list().map((x) => x.sessionId)).size).toBe(catcher.sessions);
  });

  it('keeps to the rate limit: by any moment, no more messages arrived than the windows begun allow', async () => {
    const perSecond = 2;
    const windowMs = 1_000;
    const m = mailer({ rateLimitPerSecond: perSecond });
    const start = Date.now();
    await Promise.all(Array.from({ length: 6 }, (_, i) => m.send({ ...welcome, to: `r${i}@example.com` })));
    const arrivals = catcher.list().map((x) => x.receivedAt).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(6);
    // A window starts no sooner than one window after the last; slowness only spreads the arrivals further. The 20 ms
    // is the gap between the wall clock the test reads and the monotonic one timers run on, never a speed bound.
    arrivals.forEach((at, i) => {
      const windowsBegun = Math.floor((at - start + 20) / windowMs) + 1;
      expect(i + 1).toBeLessThanOrEqual(perSecond * windowsBegun);
    });
    expect(catcher.sessions).toBeLessThanOrEqual(perSecond);
  });

  it('verify() opens a session and signs in without sending; sendTest() then sends a short email', async () => {
    await expect(mailer().verify()).resolves.toBe(`Connected to 127.0.0.1:${catcher.listeningPort}; ready to send.`);
    const withUser = mailer({ user: 'shop', password: 'smtp-pass' });
    await expect(withUser.verify()).resolves.toMatch(/^Signed in to 127\.0\.0\.1:\d+ as shop; ready to send\.$/);
    expect(catcher.count).toBe(0);
    await withUser.sendTest('staff@example.com');
    expect(catcher.list()).toMatchObject([{ to: ['staff@example.com'], subject: 'SyncDesk test email', user: 'shop' }]);
  });

  it('a 4xx reply is transient (retried): the next send on the same mailer goes through', async () => {
    const m = mailer();
    catcher.failNextMessages = 1;
    const e = await failure(m.send(welcome));
    expect(e).toMatchObject({ kind: 'connectivity', retryable: true, extra: { status: 451, maybeApplied: false } });
    expect(e.message).toBe('the mail server could not take the message just now; it will be tried again (SMTP 451 4.3.0)');
    expect(e.extra.details).toContain('Temporary failure');
    await m.send(welcome);
    expect(catcher.count).toBe(1);
  });

  it('a 5xx reply for a bad mailbox is a validation failure (tried once)', async () => {
    catcher.rejectRecipients('nobody@example.com');
    const e = await failure(mailer().send({ ...welcome, to: 'nobody@example.com' }));
    expect(e).toMatchObject({ kind: 'validation', retryable: false, extra: { status: 550 } });
    expect(e.message).toBe('the mail server refused the recipient address (no such mailbox, or not allowed) (SMTP 550 5.1.1)');
  });

  it('refused credentials (535) are an auth failure, from send and from verify', async () => {
    catcher.rejectAuth = true;
    const m = mailer({ user: 'shop', password: 'wrong-pass' });
    const e = await failure(m.send(welcome));
    expect(e).toMatchObject({ kind: 'auth', retryable: false, extra: { status: 535 } });
    expect(e.message).toBe('the mail server refused the user name or password (SMTP 535 5.7.8)');
    expect((await failure(m.verify())).kind).toBe('auth');
  });

  it('the catcher down is a transient connection failure, nothing sent', async () => {
    const m = mailer();
    await catcher.setFaults({ down: true });
    const e = await failure(m.send(welcome));
    expect(e).toMatchObject({ kind: 'connectivity', retryable: true, extra: { code: 'ECONNREFUSED', maybeApplied: false } });
    expect(e.message).toMatch(/^the mail server refused the connection .*; it will be tried again \(ESOCKET, ECONNREFUSED\)$/);
    expect((await failure(m.verify())).kind).toBe('connectivity');
    await catcher.setFaults({ down: false });
    await m.send(welcome);
    expect(catcher.count).toBe(1);
  });

  it('a connection dropped half way through DATA is transient, and the mailer is not retrying it behind the engine', async () => {
    const m = mailer();
    catcher.dropNextMessages = 1;
    const e = await failure(m.send({ ...welcome, text: `${SECRET_BODY}\n${'filler line\n'.repeat(20_000)}` }));
    expect(e).toMatchObject({ kind: 'connectivity', retryable: true, extra: { code: 'ECONNECTION' } });
    expect(catcher.requests).toBe(1);
    expect(catcher.count).toBe(0);
    await m.send(welcome);
    expect(catcher.count).toBe(1);
  });

  it('a server that stops answering is a transient timeout, possibly applied', async () => {
    await catcher.setFaults({ hang: true });
    const e = await failure(mailer({}, { socketTimeoutMs: 300 }).send(welcome));
    expect(e).toMatchObject({ kind: 'connectivity', retryable: true, extra: { code: 'ETIMEDOUT', maybeApplied: true } });
    expect(e.message).toBe('the mail server did not answer in time; it will be tried again (ETIMEDOUT)');
  });
});
