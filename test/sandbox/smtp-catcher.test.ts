// The sandbox's SMTP catcher, driven by a real SMTP client (nodemailer, one connection per message) over loopback.
import { createConnection } from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SmtpCatcher } from '../../src-main/sandbox/smtp-catcher';

let catcher: SmtpCatcher;

function client(auth?: { user: string; pass: string }) {
  return nodemailer.createTransport({ host: '127.0.0.1', port: catcher.listeningPort, secure: false, ignoreTLS: true, auth, logger: false });
}

const mail = { from: '"The Shop" <shop@example.com>', to: 'Ann Smith <ann@example.com>', subject: 'Hello Ann', text: 'Plain words', html: '<p>Plain <b>words</b></p>' };

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

beforeEach(async () => {
  catcher = new SmtpCatcher({ maxMessages: 3 });
  await catcher.start();
});
afterEach(() => catcher.stop());

describe('SMTP catcher', () => {
  it('listens on 127.0.0.1 on a free port and keeps each message parsed, with an id', async () => {
    expect(catcher.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(catcher.running).toBe(true);
    const info = await client().sendMail(mail);
    const [m] = catcher.list();
    expect(m).toMatchObject({
      id: 1,
      from: 'shop@example.com',
      to: ['ann@example.com'],
      envelope: { from: 'shop@example.com', to: ['ann@example.com'] },
      subject: 'Hello Ann',
      text: 'Plain words',
      html: '<p>Plain <b>words</b></p>',
      messageId: info.messageId,
      user: null,
    });
    expect(m!.date).toBeInstanceOf(Date);
    expect(m!.size).toBe(Buffer.byteLength(m!.raw));
    expect(m!.raw).toContain('Subject: Hello Ann');
    expect(catcher.get(1)?.subject).toBe('Hello Ann');
    expect(catcher.get(99)).toBeUndefined();
    expect([catcher.sessions, catcher.requests, catcher.faultsInjected]).toEqual([1, 1, 0]);
  });

  it('needs no sign-in, and takes AUTH PLAIN and LOGIN with any credentials', async () => {
    await client().sendMail(mail);
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: catcher.listeningPort, ignoreTLS: true, auth: { user: 'plain-user', pass: 'x' }, authMethod: 'PLAIN' })
      .sendMail(mail);
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: catcher.listeningPort, ignoreTLS: true, auth: { user: 'login-user', pass: 'y' }, authMethod: 'LOGIN' })
      .sendMail(mail);
    expect(catcher.list().map((m) => m.user)).toEqual([null, 'plain-user', 'login-user']);
  });

  it('does not offer STARTTLS', async () => {
    const t = nodemailer.createTransport({ host: '127.0.0.1', port: catcher.listeningPort, requireTLS: true });
    await expect(t.sendMail(mail)).rejects.toMatchObject({ code: 'ETLS' });
  });

  it('waitFor resolves with a message already kept or one still to come, and rejects after its timeout', async () => {
    const later = catcher.waitFor((m) => m.subject === 'Second');
    await client().sendMail(mail);
    await expect(catcher.waitFor((m) => m.subject === 'Hello Ann')).resolves.toMatchObject({ id: 1 });
    await client().sendMail({ ...mail, subject: 'Second' });
    await expect(later).resolves.toMatchObject({ id: 2, subject: 'Second' });
    await expect(catcher.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/no matching message within 50 ms/);
    await expect(catcher.waitForCount(2)).resolves.toHaveLength(2);
  });

  it('keeps at most maxMessages, dropping the oldest; clear() forgets messages, counters and switches', async () => {
    for (let i = 1; i <= 5; i++) await client().sendMail({ ...mail, subject: `n${i}` });
    expect(catcher.list().map((m) => [m.id, m.subject])).toEqual([
      [3, 'n3'],
      [4, 'n4'],
      [5, 'n5'],
    ]);
    catcher.failNextMessages = 2;
    catcher.rejectRecipients('ann@example.com');
    catcher.clear();
    expect([catcher.count, catcher.sessions, catcher.requests, catcher.failNextMessages]).toEqual([0, 0, 0, 0]);
    await client().sendMail(mail);
    expect(catcher.list()[0]!.id).toBe(6); // ids never repeat
  });

  it('answers 451 to the next N messages, then accepts again', async () => {
    catcher.failNextMessages = 2;
    for (let i = 0; i < 2; i++) await expect(client().sendMail(mail)).rejects.toMatchObject({ responseCode: 451, command: 'DATA' });
    await client().sendMail(mail);
    expect([catcher.count, catcher.requests, catcher.faultsInjected]).toEqual([1, 3, 2]);
  });

  it('answers 550 to RCPT TO for a mailbox marked bad, case-insensitively', async () => {
    catcher.rejectRecipients('Bad@Example.com');
    await expect(client().sendMail({ ...mail, to: 'bad@example.COM' })).rejects.toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    await client().sendMail(mail);
    catcher.clearRejectedRecipients();
    await client().sendMail({ ...mail, to: 'bad@example.com' });
    expect(catcher.list().map((m) => m.envelope.to)).toEqual([['ann@example.com'], ['bad@example.com']]);
  });

  it('drops the connection half way through DATA and keeps nothing of that message', async () => {
    catcher.dropNextMessages = 1;
    await expect(client().sendMail({ ...mail, text: 'x'.repeat(200_000) })).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(catcher.count).toBe(0);
    await client().sendMail(mail);
    expect([catcher.count, catcher.faultsInjected]).toEqual([1, 1]);
  });

  it('refuses AUTH with 535 when told to', async () => {
    catcher.rejectAuth = true;
    await expect(client({ user: 'u', pass: 'wrong' }).sendMail(mail)).rejects.toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(catcher.count).toBe(0);
  });

  it('"down" stops listening (connection refused) and listens again on the same port when switched off', async () => {
    const port = catcher.listeningPort;
    await catcher.setFaults({ down: true });
    expect(catcher.running).toBe(false);
    expect(await refused(port)).toBe('ECONNREFUSED');
    await catcher.setFaults({ down: false });
    expect(catcher.listeningPort).toBe(port);
    await client().sendMail(mail);
    expect(catcher.count).toBe(1);
  });

  it('reads the seeded error rate as a share of 451s, the same on every run', async () => {
    await catcher.setFaults({ errorRate: 0.5 });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) outcomes.push(await client().sendMail(mail).then(() => 'ok', (e: { responseCode?: number }) => String(e.responseCode)));
    expect(outcomes.filter((o) => o === '451').length).toBe(catcher.faultsInjected);
    expect(catcher.faultsInjected).toBeGreaterThan(0);
    expect(catcher.faultsInjected).toBeLessThan(12);
    const again = new SmtpCatcher();
    await again.start();
    await again.setFaults({ errorRate: 0.5 });
    const replay: string[] = [];
    for (let i = 0; i < 12; i++)
      replay.push(
        await nodemailer
          .createTransport({ host: '127.0.0.1', port: again.listeningPort, ignoreTLS: true })
          .sendMail(mail)
          .then(() => 'ok', (e: { responseCode?: number }) => String(e.responseCode)),
      );
    await again.stop();
    expect(replay).toEqual(outcomes);
  });
});
