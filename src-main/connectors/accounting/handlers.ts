import { channelsOf, type ConnectorHost, type ContributedChannels } from '../connector';
import { accountingChannels } from '../../../src-preload/contract/connectors/accounting';
import type { AccountingCustomerView, EmailTemplateView } from '../../../src-preload/contract/connectors/accounting';
import { AppErrorException } from '../../errors/app-error';
import { classifyError } from '../../engine/remote-error';
import { sentMailStatus } from '../../mail/sent-mail-status';
import { exportFileName } from '../../export/run-export';
import { createAccountingClient } from './client';
import { accountingSettingsOf } from './settings';
import type { AccountingRepo, ImportedCustomerRow } from './repositories';
import { exportAccountingCustomers } from './export';
import { AVAILABLE_TOKENS, REQUIRED_TOKENS, previewWelcomeEmail, validateTemplate } from './welcome-email';
import { queueWelcome, welcomeTemplate } from './welcome-job';
import { ACCOUNTING_ID, CUSTOMERS_DOWNLOAD_KIND, FEED_CURSOR_KEY, WELCOME_TEMPLATE_KEY } from './ids';

function welcomeOf(r: ImportedCustomerRow): AccountingCustomerView['welcome'] {
  const w = r.welcome;
  if (!w) return { status: 'not_sent', at: null, error: null };
  const status = sentMailStatus(w);
  return status === 'sent' ? { status, at: w.sentAt, error: null } : { status, at: w.queuedAt, error: w.error };
}

export function accountingHandlers(host: ConnectorHost<AccountingRepo>): ContributedChannels {
  const { repos, own } = host;

  async function mode(): Promise<'password' | 'link'> {
    const v = await host.values();
    return v.welcomeEmailMode === 'link' ? 'link' : 'password';
  }

  async function templateView(): Promise<EmailTemplateView> {
    const m = await mode();
    const t = await welcomeTemplate(repos, m);
    return {
      key: WELCOME_TEMPLATE_KEY,
      subject: t.subject,
      text: t.text,
      html: t.html || null,
      mode: m,
      tokens: AVAILABLE_TOKENS.filter((k) => k.modes.includes(m)).map((k) => ({ name: k.name, meaning: k.meaning, required: REQUIRED_TOKENS[m].includes(k.name) })),
      updatedAt: t.updatedAt,
    };
  }

  async function cursorView() {
    const c = await repos.syncState.cursorInfo(ACCOUNTING_ID, FEED_CURSOR_KEY);
    return { cursor: c?.cursor ?? null, updatedAt: c?.updatedAt ?? null };
  }

  return channelsOf(accountingChannels, {
    'accounting:fields': async () => {
      let settings;
      try {
        settings = accountingSettingsOf(await host.settings());
      } catch {
        throw new AppErrorException('conflict', 'Save the accounting connection first: the checkbox fields are read from the accounting system.');
      }
      try {
        return (await createAccountingClient(settings, { signal: AbortSignal.timeout(30_000) }).listBooleanFields()).map((f) => ({ code: f.value, label: f.label }));
      } catch (err) {
        throw new AppErrorException('connection_failed', `Could not read the checkbox fields: ${host.log.redact(classifyError(err).message)}`);
      }
    },
    'accounting:customers': async (input) => {
      const page = await own.page({ q: input.q || undefined, after: input.cursor, limit: input.limit });
      return {
        customers: page.rows.map((r) => ({
          customerId: r.customerId,
          email: r.email,
          name: `${r.firstName} ${r.lastName}`.trim() || (r.company ?? ''),
          accountNumber: r.accountNumber,
          accountingUuid: r.accountingUuid,
          state: r.state,
          importedAt: r.importedAt,
          welcome: welcomeOf(r),
        })),
        nextCursor: page.next,
      };
    },
    'accounting:resend-welcome': async (input) => {
      const customer = await repos.customers.get(input.customerId);
      if (!customer) throw new AppErrorException('not_found', `There is no customer ${input.customerId}.`);
      const v = await host.values();
      if (!v.websiteUrl) throw new AppErrorException('conflict', 'Enter the Website address in Connections > Accounting first: the email tells the customer where to sign in.');
      const now = host.now();
      const jobId = await repos.transaction(async (tx) => {
        const id = await queueWelcome(tx, host.queue, { customerId: customer.id, to: customer.email, initial: false }, now);
        await host.log.write({ connectorId: ACCOUNTING_ID, action: 'resend-welcome', entityType: 'customer', entityId: String(customer.id), jobId: id, outcome: 'success', message: `welcome email to ${customer.email} queued again by staff: a new password replaces the old one when it goes` });
        return id;
      });
      return { jobId };
    },
    'accounting:cursor': cursorView,
    'accounting:reset-cursor': async () => {
      await repos.syncState.clearCursor(ACCOUNTING_ID, FEED_CURSOR_KEY);
      await host.log.write({ connectorId: ACCOUNTING_ID, action: 'reset-cursor', outcome: 'success', message: 'sync cursor reset by staff: the next import reads every customer again' });
      return await cursorView();
    },
    'accounting:downloads': async () => await repos.downloads.recent(ACCOUNTING_ID, CUSTOMERS_DOWNLOAD_KIND, 10),
    'accounting:export': (input) =>
      host.runExport(exportFileName('accounting-customers', input.format, new Date(host.now())), (path) =>
        exportAccountingCustomers({ repos, own, format: input.format, path, downloadId: input.downloadId, downloadsDir: host.files.downloads }),
      ),
    'accounting:email-template': templateView,
    'accounting:save-email-template': async (input) => {
      const problems = validateTemplate(input.subject, { text: input.text, html: input.html }, await mode());
      if (problems.length > 0)
        throw new AppErrorException('invalid_input', problems.map((p) => p.message).join(' '), problems.map((p) => ({ path: p.part, message: p.message })));
      await repos.mail.saveTemplate({ key: WELCOME_TEMPLATE_KEY, subject: input.subject, text: input.text, html: input.html?.trim() ? input.html : null }, host.now());
      return await templateView();
    },
    'accounting:preview-email-template': async (input) => {
      const p = previewWelcomeEmail({ subject: input.subject, text: input.text, html: input.html ?? '' }, await mode());
      return { subject: p.subject ?? '', text: p.text ?? '', html: p.html, problems: p.problems.map((x) => ({ part: x.part, message: x.message })) };
    },
  });
}
