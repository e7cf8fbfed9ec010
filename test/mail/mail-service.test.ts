import { afterEach, describe, expect, it } from 'vitest';
import { startAccountingCore, type AccountingCore } from '../connectors/accounting/accounting-core';

let h: AccountingCore | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('Settings > Email', () => {
  it('sends a test email to the SMTP catcher in sandbox mode, and lists it in Sent mail', async () => {
    h = await startAccountingCore();
    const view = await h.call('mail:settings', {});
    expect(view).toMatchObject({ sandbox: true, configured: false, catcherUrl: h.catcher.url });
    const r = await h.call('mail:send-test', { to: 'staff@shop.test' });
    expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/SMTP catcher/) });
    expect(h.mailTo('staff@shop.test')).toHaveLength(1);
    const caught = await h.call('mail:caught', {});
    const message = await h.call('mail:caught-message', { id: caught[0]!.id });
    expect(message).toMatchObject({ to: ['staff@shop.test'], text: expect.any(String) });
  });

  it('keeps the password in the keychain only, refuses settings that cannot work, and says why a test fails', async () => {
    h = await startAccountingCore();
    await h.services.sandboxMode.set(false);
    const refused = await h.call('mail:save-settings', { host: 'smtp example', port: 587, security: 'starttls', fromAddress: 'shop@example.test', rateLimitPerSecond: 5 }).catch((e: Error & { code?: string }) => e);
    expect(refused).toMatchObject({ code: 'invalid_input', issues: [expect.objectContaining({ path: 'host', message: expect.stringMatching(/server name such as smtp\.example\.com/) })] });
    const saved = await h.call('mail:save-settings', { host: '127.0.0.1', port: 1, security: 'none', user: 'shop', password: 'smtp-secret', fromAddress: 'shop@example.test', rateLimitPerSecond: 5 });
    expect(saved).toMatchObject({ host: '127.0.0.1', user: 'shop', password: 'set', sandbox: false, configured: true });
    expect(JSON.stringify(await h.sql.all(`SELECT * FROM app_settings`))).not.toContain('smtp-secret');
    expect(await h.services.credentials.get('mail:smtp:password')).toBe('smtp-secret');
    const test = await h.call('mail:send-test', { to: 'staff@shop.test' });
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/refused|connect/i);
    expect(test.message).not.toContain('smtp-secret');
    const cleared = await h.call('mail:save-settings', { host: '127.0.0.1', port: 1, security: 'none', password: null, fromAddress: 'shop@example.test', rateLimitPerSecond: 5 });
    expect(cleared.password).toBe('not set');
    await expect(h.call('mail:caught', {})).rejects.toMatchObject({ code: 'conflict' });
  });
});
