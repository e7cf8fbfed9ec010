import type { CoreServices } from '../core/services';
import { AppErrorException } from '../errors/app-error';
import type { Handlers } from './router';

type DesktopHandlers = Pick<Handlers, 'desktop:team-server' | 'desktop:set-team-server'>;

// The desktop window's team server lives in the Electron shell (a hook): elsewhere there is none to show or change.
export function createDesktopHandlers(s: CoreServices): DesktopHandlers {
  return {
    'desktop:team-server': () => {
      const team = s.hooks.teamServer;
      return { available: !!team, url: team?.current() ?? null };
    },
    'desktop:set-team-server': (input) => {
      const team = s.hooks.teamServer;
      if (!team) throw new AppErrorException('conflict', 'Only the SyncDesk desktop app opens a team server; this console is not its window.');
      return { available: true, url: team.set(input.url) };
    },
  };
}
