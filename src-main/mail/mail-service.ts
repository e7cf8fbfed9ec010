// Settings > Email and the one pooled mailer every email leaves through. The settings are stored in the app's
// settings, the password in the keychain. In sandbox mode every email goes to the sandbox's SMTP catcher instead,
// whatever the settings say, so a test import can never mail a real customer.
import type { CredentialStore } from '../secrets/credential-store';
import type { Repositories } from '../store/repositories';
import type { MailSettingsView } from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';
import { SmtpCatcher } from '../sandbox/smtp-catcher';
import type { Simulator } from '../sandbox/simulator';
import { classifyError } from '../engine/remote-error';
import { createMailer, type Mailer, type MailerOptions } from './mailer';
import { mailSettingsSchema, parseMailSettings, type MailSettings } from './mail-settings';

const SETTINGS_KEY = 'mail';
const PASSWORD_ACCOUNT = 'mail:smtp:password';

type StoredValues = Omit<MailSettings, 'password'>;

export interface MailServiceDeps {
  repos: Repositories;
  credentials: CredentialStore;
  sandboxMode: () => boolean;
  /** The running simulators: in sandbox mode, the SMTP catcher among them takes every email. */
  simulators: () => Simulator[];
  mailerOptions?: MailerOptions;
}

export interface MailService {
  view(): Promise<MailSettingsView>;
  save(input: Omit<MailSettings, 'password'> & { password?: string | null }): Promise<MailSettingsView>;
  sendTest(to: string): Promise<{ ok: boolean; message: string }>;
  /** The mailer for the settings in force (one pool, made again when the settings change). */
  mailer(): Promise<Mailer>;
  /** The SMTP catcher taking the mail, in sandbox mode. */
  catcher(): SmtpCatcher | null;
  /** The From name in force (the `company_name` token). */
  fromName(): Promise<string>;
  close(): void;
}

const SANDBOX_FROM = { fromName: 'SyncDesk sandbox', fromAddress: 'no-reply@sandbox.syncdesk.test' };

export function createMailService(deps: MailServiceDeps): MailService {
  let current: { key: string; mailer: Mailer } | null = null;
  // The settings in force, read once (a keychain read per email would cost a D-Bus round trip each) and read again
  // after a save or when sandbox mode or its catcher changes.
  let resolved: { sandbox: boolean; catcherUrl: string | null; settings: MailSettings | null } | null = null;

  const catcher = (): SmtpCatcher | null => {
    if (!deps.sandboxMode()) return null;
    return (deps.simulators().find((s) => s instanceof SmtpCatcher) as SmtpCatcher | undefined) ?? null;
  };

  const stored = async (): Promise<Partial<StoredValues> | null> => await deps.repos.settings.get<Partial<StoredValues> | null>(SETTINGS_KEY, null);

  async function passwordState(): Promise<MailSettingsView['password']> {
    try {
      return (await deps.credentials.has(PASSWORD_ACCOUNT)) ? 'set' : 'not set';
    } catch {
      return 'unavailable';
    }
  }

  async function effective(): Promise<MailSettings | null> {
    const sandbox = deps.sandboxMode();
    const catcherUrl = catcher()?.url ?? null;
    if (resolved && resolved.sandbox === sandbox && resolved.catcherUrl === catcherUrl) return resolved.settings;
    const settings = await read();
    resolved = { sandbox, catcherUrl, settings };
    return settings;
  }

  /** The settings in force: the catcher's in sandbox mode, else what staff saved (null when not configured). */
  async function read(): Promise<MailSettings | null> {
    const c = catcher();
    const saved = await stored();
    if (c?.url) {
      const port = Number(new URL(c.url).port);
      return { host: '127.0.0.1', port, security: 'none', user: '', password: '', fromName: saved?.fromName || SANDBOX_FROM.fromName, fromAddress: saved?.fromAddress || SANDBOX_FROM.fromAddress, rateLimitPerSecond: saved?.rateLimitPerSecond ?? 50 };
    }
    if (!saved) return null;
    const password = (await deps.credentials.get(PASSWORD_ACCOUNT)) ?? '';
    const parsed = mailSettingsSchema.safeParse({ ...saved, password });
    return parsed.success ? parsed.data : null;
  }

  async function view(): Promise<MailSettingsView> {
    const saved = await stored();
    const c = catcher();
    return {
      host: saved?.host ?? '',
      port: saved?.port ?? 587,
      security: saved?.security ?? 'starttls',
      user: saved?.user ?? '',
      password: await passwordState(),
      fromName: saved?.fromName ?? '',
      fromAddress: saved?.fromAddress ?? '',
      rateLimitPerSecond: saved?.rateLimitPerSecond ?? 5,
      configured: saved !== null,
      sandbox: deps.sandboxMode(),
      catcherUrl: c?.url ?? null,
    };
  }

  async function mailer(): Promise<Mailer> {
    const s = await effective();
    if (!s) throw new AppErrorException('conflict', 'Email is not set up: enter the mail server in Settings > Email.');
    const key = JSON.stringify(s);
    if (current?.key !== key) {
      current?.mailer.close();
      current = { key, mailer: createMailer(s, deps.mailerOptions) };
    }
    return current.mailer;
  }

  return {
    view,
    async save(input) {
      const password = input.password === undefined ? ((await deps.credentials.get(PASSWORD_ACCOUNT)) ?? '') : (input.password ?? '');
      const checked = parseMailSettings({ ...input, password });
      if (!checked.ok)
        throw new AppErrorException(
          'invalid_input',
          `Some mail settings need correcting: ${Object.values(checked.problems).join(' ')}`,
          checked.issues,
        );
      const { password: _secret, ...values } = checked.settings;
      if (input.password === null) await deps.credentials.delete(PASSWORD_ACCOUNT);
      else if (input.password !== undefined) await deps.credentials.set(PASSWORD_ACCOUNT, input.password);
      await deps.repos.settings.set(SETTINGS_KEY, values);
      resolved = null;
      return await view();
    },
    async sendTest(to) {
      try {
        const m = await mailer();
        await m.sendTest(to);
        const c = catcher();
        return { ok: true, message: c ? `Sent to ${to} through the sandbox's SMTP catcher: open it in Sent mail.` : `Sent to ${to}: the mail server took it.` };
      } catch (err) {
        if (err instanceof AppErrorException) return { ok: false, message: err.message };
        return { ok: false, message: classifyError(err).message };
      }
    },
    mailer,
    catcher,
    async fromName() {
      return (await effective())?.fromName ?? '';
    },
    close() {
      current?.mailer.close();
      current = null;
    },
  };
}
