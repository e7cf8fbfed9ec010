import { cermChannels } from './cerm';
import { confirmChannels } from './confirm';

// The shipped connectors' channels, so the preload can name them: one line per connector.
export const connectorChannels = {
  ...cermChannels,
  ...confirmChannels,
} as const;

export { cermChannels, confirmChannels };
