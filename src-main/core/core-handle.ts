import type { ChannelName, EventName, EventPayload, Result } from '../../src-preload/contract';

export type ShellMode = 'electron' | 'headless';

/** What a shell (Electron window or headless server) needs from the core. */
export interface CoreHandle {
  readonly mode: ShellMode;
  readonly dataDir: string;
  readonly listenerUrl: string | null;
  /** Parses the input with the channel's schema and runs its handler; never throws. */
  dispatch(channel: ChannelName | string, input: unknown): Promise<Result<unknown>>;
  /** Every event main emits; returns an unsubscribe function. */
  onEvent(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
  close(): Promise<void>;
}

/** Hooks a shell lends the core: where a user-facing export goes. */
export interface ShellHooks {
  /** Electron: a save dialog. Returns null when the user cancels. Absent in headless mode. */
  chooseExportPath?: (suggestedName: string) => Promise<string | null>;
  /** Headless: turns a file in the exports folder into a URL the browser can fetch. */
  downloadUrlFor?: (fileName: string) => string;
  /** Electron: shows a file in the system's file manager. Absent in headless mode. */
  showInFolder?: (path: string) => void;
  /** Electron: the team server this computer opens (null: its own console); set checks, remembers and opens it. */
  teamServer?: { current(): string | null; set(url: string | null): string | null };
}
