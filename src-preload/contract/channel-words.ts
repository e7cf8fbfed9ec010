import type { CoreChannelName } from './channels';
import { connectorChannelWords } from './connectors/channel-words';

// What each change a team server audits reads as to staff, for the Audit screen's "What" column: the words of the
// screens that make the change, not the contract's channel names.

const coreChannelWords: Partial<Record<CoreChannelName, string>> = {
  'settings:save': 'Changed the application settings',
  'connections:save': 'Saved a connection’s settings',
  'sync:run': 'Started a sync (Sync Now)',
  'sync:reset-cursor': 'Reset a task’s cursor',
  'sync:schedule': 'Changed a task’s schedule',
  'jobs:resolve-in-doubt': 'Resolved a job in doubt',
  'log:retry': 'Retried a failed log entry',
  'log:dismiss': 'Dismissed a log entry',
  'sandbox:set-faults': 'Changed a simulator’s faults',
  'customers:delete': 'Deleted a customer',
  'customers:register': 'Registered a customer',
  'departments:save': 'Saved a department',
  'sandbox:storefront-burst': 'Sent simulated storefront registrations',
  'platform:rotate-key': 'Replaced the platform API key',
  'cases:save': 'Saved a case',
  'cases:add-attachment': 'Attached a file to a case',
  'cases:revoke-attachment-link': 'Revoked an attachment link',
  'case-fields:save': 'Saved a case field',
  'references:save': 'Saved a Reference',
  'mail:save-settings': 'Changed the email settings',
  'mail:send-test': 'Sent a test email',
  'accounts:create': 'Added an account',
  'accounts:update': 'Edited an account',
  'accounts:set-status': 'Enabled or disabled an account',
  'accounts:reapply': 'Re-applied a lost account edit',
  'accounts:add-contact': 'Added a contact to an account',
  'accounts:set-contact-login': 'Allowed or blocked a contact’s sign-in',
  'accounts:send-password-email': 'Sent a contact a set-password email',
  'accounts:add-override': 'Added a price override',
  'accounts:delete-override': 'Removed a price override',
  'sandbox:storefront-orders': 'Sent simulated storefront orders',
  'ops:save-retention': 'Changed how long history is kept',
  'ops:cleanup': 'Cleaned up old history',
  'ops:save-backup-settings': 'Changed the backup settings',
  'ops:backup-now': 'Took a backup',
  'ops:restore': 'Staged a restore from a backup',
  'ops:cancel-restore': 'Cancelled a staged restore',
  'ops:import-config': 'Imported a configuration file',
  'errors:retry': 'Retried an error',
  'errors:resolve': 'Resolved an error',
  'errors:retry-all': 'Retried a group of errors',
  'errors:resolve-all': 'Resolved a group of errors',
  'errors:edit-retry': 'Edited a failed job and retried it',
  'alerts:acknowledge': 'Acknowledged an alert',
  'alerts:resume-task': 'Resumed a paused task',
  'alerts:save-settings': 'Changed the alert settings',
  'staff:add': 'Added a staff user',
  'staff:set-role': 'Changed a staff user’s role',
  'staff:set-disabled': 'Disabled or enabled a staff user',
  'desktop:set-team-server': 'Changed the team server this computer opens',
};

const WORDS: Readonly<Record<string, string>> = { ...coreChannelWords, ...connectorChannelWords };

/** A channel as staff read it; one without words of its own reads as its name, so nothing is hidden. */
export function channelWords(channel: string): string {
  return Object.prototype.hasOwnProperty.call(WORDS, channel) ? WORDS[channel]! : channel;
}

export function hasChannelWords(channel: string): boolean {
  return Object.prototype.hasOwnProperty.call(WORDS, channel);
}
