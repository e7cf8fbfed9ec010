// The classification table for failures the catcher does not stage (the mailer tests cover the ones it does, over
// real sessions). Each input is the shape nodemailer throws.
import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../src-main/engine/remote-error';
import { classifySmtpError } from '../../src-main/mail/smtp-errors';

const reply = (responseCode: number, command: string, text: string) =>
  Object.assign(new Error(`x: ${responseCode} ${text}`), { code: command === 'DATA' ? 'EMESSAGE' : 'EENVELOPE', responseCode, command, response: `${responseCode} ${text}` });

describe('classifySmtpError', () => {
  it.each([
    [reply(421, 'MAIL FROM', '4.7.0 Try again later, closing connection'), 'connectivity', 'the mail server is not taking mail right now; it will be tried again (SMTP 421 4.7.0)'],
    [reply(452, 'RCPT TO', '4.2.2 Mailbox full'), 'connectivity', 'the mail server could not take the message just now; it will be tried again (SMTP 452 4.2.2)'],
    [reply(503, 'DATA', 'Bad sequence of commands'), 'connectivity', 'the mail server could not take the message just now; it will be tried again (SMTP 503)'],
    [reply(550, 'MAIL FROM', '5.7.1 Sender not allowed'), 'validation', 'the mail server refused the From address; check Settings > Email (SMTP 550 5.7.1)'],
    [reply(552, 'DATA', '5.3.4 Message too big'), 'validation', 'the mail server refused the message (SMTP 552 5.3.4)'],
    [reply(554, 'DATA', '5.7.1 Spam detected'), 'validation', 'the mail server refused the message (SMTP 554 5.7.1)'],
    [{ code: 'EAUTH', responseCode: 530, command: 'MAIL FROM', response: '530 5.7.0 Authentication required' }, 'auth', 'the mail server needs you to sign in; set the user name and password (SMTP 530 5.7.0)'],
    [{ code: 'EAUTH', responseCode: 538, command: 'AUTH PLAIN', response: '538 5.7.11 Encryption required' }, 'auth', 'the mail server will not accept this way of signing in; try Security: STARTTLS or TLS (SMTP 538 5.7.11)'],
    [{ code: 'EAUTH', command: 'API', message: 'Authentication info was not provided' }, 'auth', 'the mail server refused the user name or password'],
    [{ code: 'ENOAUTH', command: 'API' }, 'auth', 'the mail server needs a user name and password, and none is set'],
    [{ code: 'EDNS', command: 'CONN', message: 'getaddrinfo ENOTFOUND smtp.nowhere.invalid' }, 'connectivity', "the mail server's host name was not found; it will be tried again (EDNS)"],
    [{ code: 'ETLS', command: 'CONN', message: 'wrong version number' }, 'connectivity', 'a secure connection to the mail server could not be set up (check the Security setting); it will be tried again (ETLS)'],
    [{ code: 'EPROTOCOL', command: 'CONN', message: 'Invalid greeting' }, 'connectivity', 'the mail server gave an answer that is not SMTP (check the port and Security setting); it will be tried again (EPROTOCOL)'],
    [{ code: 'ESOCKET', command: 'CONN', message: 'read ECONNRESET', originalCode: 'ECONNRESET' }, 'connectivity', 'the connection to the mail server failed; it will be tried again (ESOCKET, ECONNRESET)'],
    [{ code: 'EENVELOPE', command: 'API', message: 'No recipients defined' }, 'validation', 'the message has no valid recipient or sender address'],
  ])('%#: %o is %s', (err, kind, message) => {
    const e = classifySmtpError(err);
    expect(e).toBeInstanceOf(RemoteError);
    expect([e.kind, e.message]).toEqual([kind, message]);
  });

  it('knows which connection failures cannot have sent anything', () => {
    expect(classifySmtpError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }).extra.maybeApplied).toBe(false);
    expect(classifySmtpError({ code: 'EDNS', command: 'CONN' }).extra.maybeApplied).toBe(false);
    expect(classifySmtpError({ code: 'ECONNECTION', command: 'CONN' }).extra.maybeApplied).toBe(true);
    expect(classifySmtpError({ code: 'ETIMEDOUT', command: 'CONN' }).extra.maybeApplied).toBe(true);
  });

  it('hands plain socket errors and anything else to the engine rules', () => {
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ kind: 'connectivity' });
    expect(classifySmtpError(new Error('bug'))).toMatchObject({ kind: 'local' });
    const already = new RemoteError('auth', 'kept');
    expect(classifySmtpError(already)).toBe(already);
  });

  it("masks the known secrets and credential-shaped text should a server echo them, and keeps only the reply's first line", () => {
    const e = classifySmtpError(
      { code: 'EAUTH', responseCode: 535, command: 'AUTH LOGIN', response: '535 5.7.8 Bad credentials for hunter2-smtp password=abc123\r\n535 second line' },
      ['hunter2-smtp'],
    );
    expect(e.extra.details).toBe('535 5.7.8 Bad credentials for *** password=***');
    expect(e.message).not.toContain('hunter2');
  });
});
