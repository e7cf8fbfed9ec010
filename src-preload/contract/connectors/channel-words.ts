import type { connectorChannels } from './index';

// The shipped connectors' changes as the Audit screen words them (see ../channel-words.ts).
export const connectorChannelWords: Partial<Record<keyof typeof connectorChannels, string>> = {
  'accounting:resend-welcome': 'Resent a welcome email',
  'accounting:reset-cursor': 'Reset the accounting import’s cursor',
  'accounting:save-email-template': 'Changed the welcome email template',
  'departments:link-cerm': 'Linked a department to a CERM customer',
  'templates:save': 'Saved a mapping template',
  'templates:delete': 'Deleted a mapping template',
  'rules:save': 'Saved a rule',
  'rules:delete': 'Deleted a rule',
  'confirm:rotate-crm-agent-key': 'Replaced the CRM Agent key',
  'sandbox:confirm-status': 'Changed a simulated Enquiry’s status',
  'erp:sandbox-change-accounts': 'Changed simulated ERP accounts',
  'erp:reset-accounts-cursor': 'Reset the ERP accounts cursor',
};
