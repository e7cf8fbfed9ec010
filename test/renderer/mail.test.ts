// Settings > Email's draft (ports suggested by security, the write-only password, field errors) and Sent mail's wording.
import { describe, expect, it } from 'vitest';
import type { MailSettingsView } from '../../src-preload/contract';
import {
  draftFromMailView,
  isMailDirty,
  mailIssuesByField,
  mailSavePayload,
  passwordState,
  withSecurity,
} from '../../src-renderer/src/features/mail/mail-settings-draft';
import { recipients, sentMailStatus } from '../../src-renderer/src/features/mail/mail-format';

const settings = (over: Partial<MailSettingsView> = {}): MailSettingsView => ({
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  user: 'shop',
  password: 'set',
  fromName: 'Example Shop',
  fromAddress: 'shop@example.com',
  rateLimitPerSecond: 5,
  configured: true,
  sandbox: false,
  catcherUrl: null,
  ...over,
});

describe('Settings > Email draft', () => {
  it('suggests the usual port of a security, but keeps a port staff typed themselves', () => {
    const d = draftFromMailView(settings());
    expect(withSecurity(d, 'tls').port).toBe('465');
    expect(withSecurity(d, 'none').port).toBe('25');
    expect(withSecurity({ ...d, port: '' }, 'starttls').port).toBe('587');
    expect(withSecurity({ ...d, port: '2525' }, 'tls')).toMatchObject({ port: '2525', security: 'tls' });
  });

  it('sends the password only when typed, null to remove it, and refuses a port that is not a number', () => {
    const d = draftFromMailView(settings());
    const kept = mailSavePayload(d);
    expect(kept.ok && 'password' in kept.input).toBe(false);
    expect(kept).toMatchObject({ ok: true, input: { host: 'smtp.example.com', port: 587, security: 'starttls', rateLimitPerSecond: 5 } });
    expect(mailSavePayload({ ...d, password: 'new secret' })).toMatchObject({ ok: true, input: { password: 'new secret' } });
    expect(mailSavePayload({ ...d, removePassword: true })).toMatchObject({ ok: true, input: { password: null } });
    expect(mailSavePayload({ ...d, port: 'abc', rateLimitPerSecond: '0' })).toEqual({
      ok: false,
      errors: { port: 'Port must be a whole number from 1 to 65535.', rateLimitPerSecond: 'Rate limit must be a whole number of emails a second, from 1 to 100.' },
    });
  });

  it('refuses a malformed SMTP host and From address beside their fields, together with a bad port, sending nothing', () => {
    const d = draftFromMailView(settings());
    const refused = mailSavePayload({ ...d, host: 'bad value !! %% <x>', fromAddress: 'not-an-address', port: '-7' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.errors.host).toMatch(/^SMTP host: use a server name such as smtp\.example\.com/);
    expect(refused.errors.fromAddress).toMatch(/^From address: use an email address such as shop@example\.com/);
    expect(refused.errors.port).toMatch(/^Port must be/);
    // An IP address and an empty box (email not set up yet) are fine.
    expect(mailSavePayload({ ...d, host: '127.0.0.1', fromAddress: '' }).ok).toBe(true);
  });

  it('knows when it changed, and what the password will be', () => {
    const view = settings();
    const d = draftFromMailView(view);
    expect(isMailDirty(view, d)).toBe(false);
    expect(isMailDirty(view, { ...d, port: '25' })).toBe(true);
    expect(isMailDirty(view, { ...d, password: 'x' })).toBe(true);
    expect(isMailDirty(view, { ...d, removePassword: true })).toBe(true);
    expect(passwordState(view, d)).toEqual({ label: 'set', intent: 'success' });
    expect(passwordState(settings({ password: 'not set' }), d).label).toBe('not set');
    expect(passwordState(settings({ password: 'unavailable' }), d).label).toBe('keychain not reachable now');
    expect(passwordState(view, { ...d, removePassword: true }).label).toBe('removed on save');
  });

  it('puts a refused save’s issues under their fields', () => {
    const { byField, other } = mailIssuesByField([
      { path: 'fromAddress', message: 'This is not an email address (name@example.org).', rule: 'email' },
      { path: 'port', message: 'Use 65535 or less.', rule: 'too_big', limit: 65535 },
      { path: '', message: 'something else' },
    ]);
    expect(byField).toEqual({ fromAddress: ['From address is not an email address: check it (name@example.org).'], port: ['Port must be 65535 or less.'] });
    expect(other).toEqual([{ path: '', message: 'something else' }]);
  });
});

describe('Sent mail wording', () => {
  const base = { queuedAt: 0, sentAt: null, error: null, attempts: 0 };
  it('says queued, retrying, sent and failed, with the reason on hover', () => {
    expect(sentMailStatus({ ...base, status: 'queued' }).label).toBe('queued');
    expect(sentMailStatus({ ...base, status: 'queued', attempts: 2, error: 'timeout' })).toMatchObject({ label: 'retrying', title: expect.stringContaining('timeout') });
    expect(sentMailStatus({ ...base, status: 'sent', sentAt: 1, attempts: 1 })).toMatchObject({ label: 'sent', intent: 'success', title: expect.stringContaining('1 attempt') });
    expect(sentMailStatus({ ...base, status: 'failed', attempts: 10, error: '550 no such user' })).toMatchObject({ intent: 'danger', title: 'Failed after 10 attempts: 550 no such user' });
  });

  it('shortens a long recipient list', () => {
    expect(recipients(['a@x', 'b@x'])).toBe('a@x, b@x');
    expect(recipients(['a@x', 'b@x', 'c@x', 'd@x'])).toBe('a@x, b@x +2');
  });
});
