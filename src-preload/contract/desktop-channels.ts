import { z } from 'zod';
import { Empty } from './common';

/** The desktop app's team server: which one this computer opens, if any. Outside the desktop app there is none. */
export const TeamServerView = z.object({
  /** False where the console is not the desktop app's window (a browser, a team server's own console). */
  available: z.boolean(),
  url: z.string().nullable(),
});
export type TeamServerView = z.infer<typeof TeamServerView>;

export const desktopChannels = {
  'desktop:team-server': { input: Empty, output: TeamServerView },
  // A URL is checked (https, or http on this machine), remembered, and opened in the window; null forgets it.
  'desktop:set-team-server': { input: z.object({ url: z.string().max(2048).nullable() }).strict(), output: TeamServerView },
} as const;
