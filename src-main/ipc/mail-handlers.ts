import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { AppErrorException } from '../errors/app-error';
import { sentMailStatus } from '../mail/sent-mail-status';

type MailChannels = 'mail:settings' | 'mail:save-settings' | 'mail:send-test' | 'mail:sent' | 'mail:caught' | 'mail:caught-message';

function catcherOf(s: CoreServices) {
  const c = s.mail.catcher();
  if (!c) throw new AppErrorException('conflict', 'The SMTP catcher runs in sandbox mode only: outside it, Sent mail lists what was sent.');
  return c;
}

export function createMailHandlers(s: CoreServices): Pick<Handlers, MailChannels> {
  return {
    'mail:settings': () => s.mail.view(),
    'mail:save-settings': (input) => s.mail.save(input),
    'mail:send-test': (input) => s.mail.sendTest(input.to),
    'mail:sent': async (input) => {
      const page = await s.repos.mail.page(input.cursor, input.limit);
      return {
        messages: page.rows.map((m) => ({
          id: m.id,
          to: m.to,
          subject: m.subject,
          status: sentMailStatus(m),
          queuedAt: m.queuedAt,
          sentAt: m.sentAt,
          error: m.error,
          customerId: m.customerId,
          kind: m.kind,
          attempts: m.attempts,
        })),
        nextCursor: page.next,
      };
    },
    'mail:caught': () =>
      catcherOf(s)
        .list()
        .reverse()
        .map((m) => ({ id: m.id, from: m.from, to: m.to, subject: m.subject, receivedAt: m.receivedAt, size: m.size })),
    'mail:caught-message': (input) => {
      const m = catcherOf(s).get(input.id);
      if (!m) throw new AppErrorException('not_found', `The SMTP catcher holds no message ${input.id} (it keeps the latest 1,000, and forgets them when sandbox mode stops).`);
      return { id: m.id, from: m.from, to: m.to, subject: m.subject, receivedAt: m.receivedAt, size: m.size, text: m.text || null, html: m.html };
    },
  };
}
