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
  deleted: { label: 'deleted in accounting', intent: 'danger', title: 'Deleted in the accounting system since the import; the web account stays as it is.' },
};

export interface WelcomeText {
  label: string;
  intent: Intent;
  title: string;
}

export function welcomeText(welcome: AccountingCustomerView['welcome']): WelcomeText {
  switch (welcome.status) {
    case 'not_sent':
      return { label: 'not sent', intent: 'none', title: 'No welcome email was sent (Send Emails was off at the import, or it was never asked for).' };
    case 'queued':
      return { label: 'queued', intent: 'primary', title: welcome.at ? `Queued ${formatDateTime(welcome.at)}; it goes out shortly.` : 'Queued; it goes out shortly.' };
    case 'sent':
      return { label: welcome.at ? `sent ${formatDateTime(welcome.at)}` : 'sent', intent: 'success', title: 'The mail server took the welcome email.' };
    case 'failed':
      return { label: 'failed', intent: 'danger', title: `Not sent${welcome.at ? ` (${formatDateTime(welcome.at)})` : ''}: ${welcome.error ?? 'no reason given'}` };
  }
}

/** "5f1c2a9e…8a1b37": enough of a UUID to tell rows apart; the whole one goes in the hover. */
export function shortUuid(uuid: string): string {
  return uuid.length > 16 ? `${uuid.slice(0, 8)}…${uuid.slice(-6)}` : uuid;
}

/** What replaces what when a welcome email is sent again, by the connection's welcome mode. */
export function resendConsequence(mode: 'password' | 'link' | null): string {
  if (mode === 'link') return 'A new set-password link is made and replaces the old one; the link in the earlier email stops working.';
  if (mode === 'password') return 'A new password is generated and replaces the old one: the password in the earlier email stops working.';
  return 'A new password (or set-password link) replaces the old one: what the earlier email gave stops working.';
}
