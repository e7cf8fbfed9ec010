import { accountingChannels } from './accounting';
import { cermChannels } from './cerm';
import { confirmChannels } from './confirm';

// The shipped connectors' channels, so the preload can name them: one line per connector.
export const connectorChannels = {
  ...accountingChannels,
  ...cermChannels,
  ...confirmChannels,
} as const;

export { accountingChannels, cermChannels, confirmChannels };
export * from './accounting';
