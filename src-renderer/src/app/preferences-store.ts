import { Classes } from '@blueprintjs/core';
import { create } from 'zustand';
import type { UiPreferences } from '../../../src-preload/contract';
import { api } from '../api/client';
import { callOrToast, settle } from '../api/call';

export type ThemeChoice = UiPreferences['theme'];

const DARK_QUERY = '(prefers-color-scheme: dark)';

function osPrefersDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** Blueprint's dark class on <html>: every Blueprint part, the portals of dialogs and toasts included, and theme.css follow it. */
export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && osPrefersDark());
  document.documentElement.classList.toggle(Classes.DARK, dark);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

interface PreferencesState {
  loaded: boolean;
  theme: ThemeChoice;
  firstRunDismissed: boolean;
  /** Help asked for the checklist again (it shows until put away). */
  checklistRequested: number;
  load(): Promise<void>;
  setTheme(theme: ThemeChoice): Promise<void>;
  dismissChecklist(): Promise<void>;
  showChecklist(): Promise<void>;
}

export const usePreferences = create<PreferencesState>()((set, get) => ({
  loaded: false,
  theme: 'system',
  firstRunDismissed: false,
  checklistRequested: 0,

  async load() {
    const result = await settle(api().uiPreferences({}));
    // Unreachable core: keep the OS theme and show no checklist rather than one that cannot be put away.
    if (!result.ok) return set({ loaded: true, firstRunDismissed: true });
    set({ loaded: true, ...result.data });
    applyTheme(result.data.theme);
  },

  async setTheme(theme) {
    set({ theme });
    applyTheme(theme);
    await callOrToast('Save the theme', api().uiSavePreferences({ theme }));
  },

  async dismissChecklist() {
    set({ firstRunDismissed: true });
    await callOrToast('Put the checklist away', api().uiSavePreferences({ firstRunDismissed: true }));
  },

  async showChecklist() {
    set({ firstRunDismissed: false, checklistRequested: get().checklistRequested + 1 });
    await callOrToast('Show the checklist', api().uiSavePreferences({ firstRunDismissed: false }));
  },
}));

/** Follows the OS's light or dark setting while the choice is "system"; once, at start. */
export function followOsTheme(): void {
  applyTheme('system');
  if (typeof window.matchMedia !== 'function') return;
  window.matchMedia(DARK_QUERY).addEventListener('change', () => applyTheme(usePreferences.getState().theme));
}
