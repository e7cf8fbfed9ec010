import type { MenuItemConstructorOptions } from 'electron';

export interface TeamServerMenuActions {
  /** The remembered team server, or null. */
  url: string | null;
  /** What the window shows now. */
  showing: 'local' | 'team';
  openTeamServer(): void;
  openLocal(): void;
  /** The local console's Team server page, where the address is entered, changed or forgotten. */
  openSettings(): void;
}

/** The application menu: the platform's usual menus with a Team server menu between View and Window. */
export function applicationMenu(platform: NodeJS.Platform, a: TeamServerMenuActions): MenuItemConstructorOptions[] {
  const team: MenuItemConstructorOptions = {
    label: 'Team server',
    submenu: [
      { label: a.url ? 'Connect to another team server…' : 'Connect to a team server…', click: a.openSettings },
      { type: 'separator' },
      { label: a.url ? `Open ${new URL(a.url).host}` : 'Open the team server', enabled: a.url !== null && a.showing !== 'team', click: a.openTeamServer },
      { label: 'Open this computer’s console', enabled: a.showing !== 'local', click: a.openLocal },
    ],
  };
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    team,
    { role: 'windowMenu' },
  ];
}
