import { create } from 'zustand';
import type { AppError, CaughtMailDetail, CaughtMailView, ChannelInput, MailSettingsView, Result, SentMailView } from '../../../../src-preload/contract';
import { mapOk, settle } from '../../api/call';
import { api } from '../../api/client';
import { createKeysetList } from '../../components/keyset-list';

const PAGE_SIZE = 200;

/** Outside sandbox mode: every email the platform queued, newest first, keyset-paged. */
export const useSentMailList = createKeysetList<SentMailView, Record<string, never>, number>({
  initialQuery: {},
  rowKey: (m) => m.id,
  fetchPage: async (_query, cursor) =>
    mapOk(await api().mailSent({ cursor, limit: PAGE_SIZE }), (page) => ({ rows: page.messages, nextCursor: page.nextCursor })),
});

interface MailState {
  settings: MailSettingsView | null;
  settingsError: AppError | null;
  /** Whether the app is in sandbox mode, from the mail settings or else the app settings; null until known. */
  sandbox: boolean | null;
  caught: CaughtMailView[];
  caughtLoaded: boolean;
  caughtError: AppError | null;
  message: CaughtMailDetail | null;
  messageError: AppError | null;
  loadSettings(): Promise<void>;
  save(input: ChannelInput<'mail:save-settings'>): Promise<Result<MailSettingsView>>;
  loadSentMail(): Promise<void>;
  loadCaught(): Promise<void>;
  openMessage(id: number | null): Promise<void>;
}

let settingsSeq = 0;
let caughtSeq = 0;
let messageSeq = 0;

export const useMailStore = create<MailState>()((set, get) => ({
  settings: null,
  settingsError: null,
  sandbox: null,
  caught: [],
  caughtLoaded: false,
  caughtError: null,
  message: null,
  messageError: null,

  async loadSettings() {
    const seq = ++settingsSeq;
    const [mail, app] = await Promise.all([settle(api().mailSettings({})), settle(api().settingsGet({}))]);
    if (seq !== settingsSeq) return;
    const sandbox = mail.ok ? mail.data.sandbox : app.ok ? app.data.sandboxMode : get().sandbox;
    if (mail.ok) set({ settings: mail.data, settingsError: null, sandbox });
    else set({ settingsError: mail.error, sandbox });
  },

  async save(input) {
    const result = await settle(api().mailSaveSettings(input));
    if (result.ok) set({ settings: result.data, settingsError: null, sandbox: result.data.sandbox });
    return result;
  },

  async loadSentMail() {
    await useSentMailList.getState().reload();
  },

  async loadCaught() {
    const seq = ++caughtSeq;
    const result = await settle(api().mailCaught({}));
    if (seq !== caughtSeq) return;
    if (result.ok) set({ caught: result.data, caughtLoaded: true, caughtError: null });
    else set({ caughtLoaded: true, caughtError: result.error });
  },

  async openMessage(id) {
    const seq = ++messageSeq;
    if (id == null) return set({ message: null, messageError: null });
    if (get().message?.id !== id) set({ message: null, messageError: null });
    const result = await settle(api().mailCaughtMessage({ id }));
    if (seq !== messageSeq) return;
    if (result.ok) set({ message: result.data, messageError: null });
    else set({ messageError: result.error });
  },
}));
