import type { AccountingCustomerView } from '../../../../src-preload/contract';
import { formatDateTime } from '../../components/format';

// How Customers > Accounting import words each row: kept apart from the table so it is tested without a DOM.

type Intent = 'none' | 'primary' | 'success' | 'warning' | 'danger';

export const STATE_TEXT: Record<AccountingCustomerView['state'], { label: string; intent: Intent; title: string }> = {
  flagged: { label: 'flagged', intent: 'success', title: 'Still flagged for the web in the accounting system.' },
  unflagged: {
    label: 'no longer flagged',
    intent: 'warning',
    title: 'No longer flagged for the web in the accounting system since the import; the web account stays as it is.',
  },
  deleted: { label: 'deleted', intent: 'danger', title: 'Deleted in the accounting system since the import; the web account stays as it is.' },
};

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's time as 14:03, another day's date as 2026-11-30: short enough for a narrow column (the hover has it all). */
export function shortWhen(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  if (d.toDateString() === new Date(now).toDateString()) return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface WelcomeText {
  label: string;
  intent: Intent;
  title: string;
}

export function welcomeText(welcome: AccountingCustomerView['welcome'], now = Date.now()): WelcomeText {
  switch (welcome.status) {
    case 'not_sent':
      return { label: 'not sent', intent: 'none', title: 'No welcome email was sent (Send Emails was off at the import, or it was never asked for).' };
    case 'queued':
      return { label: 'queued', intent: 'primary', title: welcome.at ? `Queued ${formatDateTime(welcome.at)}; it goes out shortly.` : 'Queued; it goes out shortly.' };
    case 'sent':
      return {
        label: welcome.at ? `sent ${shortWhen(welcome.at, now)}` : 'sent',
        intent: 'success',
        title: `The mail server took the welcome email${welcome.at ? ` at ${formatDateTime(welcome.at)}` : ''}.`,
      };
    case 'failed':
      return { label: 'failed', intent: 'danger', title: `Not sent${welcome.at ? ` (${formatDateTime(welcome.at)})` : ''}: ${welcome.error ?? 'no reason given'}` };
  }
}

/** "5f1c2a9e…1b37": enough of a UUID to tell rows apart; the whole one goes in the hover. */
export function shortUuid(uuid: string): string {
  return uuid.length > 14 ? `${uuid.slice(0, 8)}…${uuid.slice(-4)}` : uuid;
}

/** What replaces what when a welcome email is sent again, by the connection's welcome mode. */
export function resendConsequence(mode: 'password' | 'link' | null): string {
  if (mode === 'link') return 'A new set-password link is made and replaces the old one; the link in the earlier email stops working.';
  if (mode === 'password') return 'A new password is generated and replaces the old one: the password in the earlier email stops working.';
  return 'A new password (or set-password link) replaces the old one: what the earlier email gave stops working.';
}
