import { describe, expect, it } from 'vitest';
import { MAIL_DEFAULTS, MAIL_FIELDS, MAIL_SECRET_FIELDS, mailSettingsSchema, parseMailSettings } from '../../src-main/mail/mail-settings';

describe('Settings > Email', () => {
  it('fills in the defaults: port 587, STARTTLS, no sign-in, 5 emails a second', () => {
    expect(mailSettingsSchema.parse({ host: ' smtp.example.com ', fromAddress: 'shop@example.com', port: null, user: null })).toEqual({
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      user: '',
      password: '',
      fromName: '',
      fromAddress: 'shop@example.com',
      rateLimitPerSecond: 5,
    });
  });

  it('takes numbers typed as text', () => {
    expect(mailSettingsSchema.parse({ host: 'h', fromAddress: 'a@b.co', port: '465', security: 'tls', rateLimitPerSecond: '2' })).toMatchObject({ port: 465, rateLimitPerSecond: 2 });
  });

  it('says what is wrong in plain words, one message a field', () => {
    const r = parseMailSettings({ host: 'smtp://mail.example.com', port: 70_000, security: 'ssl', user: 'shop', password: '', fromAddress: 'not an address', rateLimitPerSecond: 0, fromName: 'Shop <x>' });
    expect(r).toMatchObject({
      ok: false,
      problems: {
        host: 'The mail server is a host name such as smtp.example.com, without "smtp://" or spaces.',
        port: 'The port is between 1 and 65535, usually 587 (STARTTLS), 465 (TLS) or 25.',
        security: 'Choose the security: None, STARTTLS or TLS.',
        fromAddress: 'The From address must be an email address, e.g. shop@example.com.',
        rateLimitPerSecond: 'Send at least 1 email a second.',
      },
    });
    expect(parseMailSettings({ fromAddress: null })).toMatchObject({
      ok: false,
      problems: { host: 'Enter the mail server (SMTP host), e.g. smtp.example.com.', fromAddress: 'Enter the address the emails come from, e.g. shop@example.com.' },
    });
  });

  it('needs a user and a password together, and a From name without line breaks', () => {
    const base = { host: 'h', fromAddress: 'a@b.co' };
    expect(parseMailSettings({ ...base, user: 'shop' })).toMatchObject({ ok: false, problems: { password: 'Enter the password for this user, or clear the user name to send without signing in.' } });
    expect(parseMailSettings({ ...base, password: 'p' })).toMatchObject({ ok: false, problems: { user: 'Enter the user name that goes with the password.' } });
    expect(parseMailSettings({ ...base, fromName: 'Shop\r\nBcc: x@y.z' })).toMatchObject({ ok: false, problems: { fromName: 'The From name cannot hold line breaks, quotes or < >.' } });
    expect(parseMailSettings({ ...base, user: 'shop', password: 'p' })).toMatchObject({ ok: true });
  });

  it('marks the password as the one secret, and lists a field for every setting', () => {
    expect(MAIL_SECRET_FIELDS).toEqual(['password']);
    expect(MAIL_FIELDS.find((f) => f.key === 'password')?.kind).toBe('secret');
    expect(MAIL_FIELDS.map((f) => f.key).sort()).toEqual(Object.keys(mailSettingsSchema.shape).sort());
    expect(Object.keys(MAIL_DEFAULTS)).not.toContain('password');
  });
});
