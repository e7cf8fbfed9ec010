import { create } from 'zustand';
import type { AppError, CaseAttachmentView, CaseDetail, CaseFieldDef, CaseView, ChannelInput, LogEntry, Result } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { mapOk, settle } from '../../api/call';
import { createKeysetList } from '../../components/keyset-list';
import { isAboutCase } from './case-format';

const PAGE_SIZE = 200;
// Integrations run as background jobs after a save: the case is polled for a while so an Enquiry number shows up
// even if its log line is missed; log events refresh it sooner.
const WATCH_MS = 60_000;
const WATCH_EVERY_MS = 2_000;

export const useCaseList = createKeysetList<CaseView, { q: string }, number>({
  initialQuery: { q: '' },
  rowKey: (c) => c.id,
  fetchPage: async (query, cursor) =>
    mapOk(await api().casesList({ q: query.q.trim() || undefined, cursor, limit: PAGE_SIZE }), (page) => ({ rows: page.cases, nextCursor: page.nextCursor })),
});

interface CasesState {
  fields: CaseFieldDef[];
  selectedId: number | null;
  detail: CaseDetail | null;
  detailError: AppError | null;
  loadFields(): Promise<void>;
  open(id: number | null): Promise<void>;
  refreshDetail(): Promise<void>;
  save(input: ChannelInput<'cases:save'>): Promise<Result<CaseDetail>>;
  addAttachment(input: ChannelInput<'cases:add-attachment'>): Promise<Result<CaseAttachmentView>>;
  revokeAttachmentLink(input: { caseId: number; attachmentId: number }): Promise<Result<CaseAttachmentView>>;
  onLogAppended(entries: readonly LogEntry[]): void;
}

let detailSeq = 0;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
let watch: { caseId: number; until: number; timer: ReturnType<typeof setInterval> } | null = null;

function stopWatch(): void {
  if (watch) clearInterval(watch.timer);
  watch = null;
}

function watchCase(caseId: number): void {
  stopWatch();
  const timer = setInterval(() => {
    const state = useCasesStore.getState();
    if (!watch || Date.now() > watch.until || state.selectedId !== caseId) return stopWatch();
    void state.refreshDetail();
  }, WATCH_EVERY_MS);
  watch = { caseId, until: Date.now() + WATCH_MS, timer };
}

export const sortFields = (fields: readonly CaseFieldDef[]) => [...fields].sort((a, b) => a.position - b.position || a.id - b.id);

export const useCasesStore = create<CasesState>()((set, get) => ({
  fields: [],
  selectedId: null,
  detail: null,
  detailError: null,

  async loadFields() {
    const result = await settle(api().caseFieldsList({}));
    if (result.ok) set({ fields: sortFields(result.data) });
  },

  async open(id) {
    if (id !== get().selectedId) {
      stopWatch();
      set({ selectedId: id, detail: null, detailError: null });
    }
    if (id != null) await get().refreshDetail();
  },

  async refreshDetail() {
    const id = get().selectedId;
    if (id == null) return;
    const seq = ++detailSeq;
    const result = await settle(api().casesGet({ id }));
    if (seq !== detailSeq || get().selectedId !== id) return;
    if (!result.ok) return set({ detailError: result.error });
    set({ detail: result.data, detailError: null, fields: sortFields(result.data.fields) });
    useCaseList.getState().replaceRow(result.data.case);
  },

  async save(input) {
    const result = await settle(api().casesSave(input));
    if (!result.ok) return result;
    const saved = result.data;
    if (input.id) useCaseList.getState().replaceRow(saved.case);
    else void useCaseList.getState().reload();
    ++detailSeq;
    set({ selectedId: saved.case.id, detail: saved, detailError: null });
    watchCase(saved.case.id);
    return result;
  },

  async addAttachment(input) {
    const result = await settle(api().casesAddAttachment(input));
    if (result.ok && get().selectedId === input.caseId) {
      await get().refreshDetail();
      watchCase(input.caseId);
    }
    return result;
  },

  async revokeAttachmentLink({ caseId, attachmentId }) {
    const result = await settle(api().casesRevokeAttachmentLink({ attachmentId }));
    if (result.ok && get().selectedId === caseId) await get().refreshDetail();
    return result;
  },

  onLogAppended(entries) {
    const id = get().selectedId;
    if (id == null || !entries.some((e) => isAboutCase(e, id))) return;
    // A job finishing writes several lines at once; one reload covers them.
    if (refreshTimer) clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void get().refreshDetail(), 250);
  },
}));

export function subscribeCaseEvents(): () => void {
  const off = api().onLogAppended(({ entries }) => useCasesStore.getState().onLogAppended(entries));
  return () => {
    off();
    stopWatch();
  };
}
