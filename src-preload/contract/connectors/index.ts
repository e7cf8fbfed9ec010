import { accountingChannels } from './accounting';
import { cermChannels } from './cerm';
import { confirmChannels } from './confirm';
import { erpChannels } from './erp';

// The shipped connectors' channels, so the preload can name them: one line per connector.
export const connectorChannels = {
  ...accountingChannels,
  ...cermChannels,
  ...confirmChannels,
  ...erpChannels,
} as const;

export { accountingChannels, cermChannels, confirmChannels, erpChannels };
export * from './accounting';
export * from './erp';
export * from './confirm-row-words';
