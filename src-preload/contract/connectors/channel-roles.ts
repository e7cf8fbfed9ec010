import type { StaffRole } from '../staff-models';
import type { connectorChannels } from './index';

// The shipped connectors' channels and the least role each needs on a team server (see ../channel-roles.ts).
export const connectorChannelRoles: Record<keyof typeof connectorChannels, StaffRole> = {
  'accounting:fields': 'viewer',
  'accounting:customers': 'viewer',
  'accounting:resend-welcome': 'operator',
  'accounting:cursor': 'viewer',
  'accounting:reset-cursor': 'operator',
  'accounting:downloads': 'viewer',
  'accounting:export': 'operator',
  'accounting:email-template': 'viewer',
  'accounting:save-email-template': 'admin',
  'accounting:preview-email-template': 'operator',
  'departments:link-cerm': 'operator',
  'cerm:customers': 'viewer',
  'cerm:search-live': 'viewer',
  'cerm:downloads': 'viewer',
  'cerm:export': 'operator',
  'templates:list': 'viewer',
  'templates:get': 'viewer',
  'templates:save': 'admin',
  'templates:delete': 'admin',
  'templates:preview': 'operator',
  'templates:fields': 'viewer',
  'confirm:lookups': 'viewer',
  'rules:list': 'viewer',
  'rules:save': 'admin',
  'rules:delete': 'admin',
  'confirm:crm-agent': 'viewer',
  'confirm:rotate-crm-agent-key': 'admin',
  'sandbox:confirm-status': 'operator',
  'erp:sandbox-change-accounts': 'operator',
  'erp:accounts-cursor': 'viewer',
  'erp:reset-accounts-cursor': 'operator',
};

/** Of those above the viewer's, the ones that change nothing kept: exports and previews. */
export const connectorChannelsWithoutChanges: readonly (keyof typeof connectorChannels)[] = [
  'accounting:export',
  'accounting:preview-email-template',
  'cerm:export',
  'templates:preview',
];
