import { create } from 'zustand';
import type { AccountingCustomerView, AppError, DownloadView } from '../../../../src-preload/contract';
import { callOrToast, mapOk, settle } from '../../api/call';
import { api } from '../../api/client';
import { deliverExport } from '../../api/download';
import { createKeysetList } from '../../components/keyset-list';
import { currentScreen, showSuccess } from '../../components/toaster';

export type ExportFormat = 'json' | 'csv' | 'xlsx';

const PAGE_SIZE = 200;
const FORMAT_LABEL: Record<ExportFormat, string> = { json: 'raw JSON', csv: 'CSV', xlsx: 'XLSX' };

export const useImportList = createKeysetList<AccountingCustomerView, { q: string }, number>({
  initialQuery: { q: '' },
  rowKey: (c) => c.customerId,
  fetchPage: async (query, cursor) =>
    mapOk(await api().accountingCustomers({ q: query.q.trim() || undefined, cursor, limit: PAGE_SIZE }), (page) => ({
      rows: page.customers,
      nextCursor: page.nextCursor,
    })),
});

interface ImportState {
  downloads: DownloadView[];
  downloadsError: AppError | null;
  exporting: ExportFormat | null;
  /** The connection's welcome mode, for what a resend replaces; null when unknown. */
  mode: 'password' | 'link' | null;
  busyId: number | null;
  load(): Promise<void>;
  loadDownloads(): Promise<void>;
  exportAs(format: ExportFormat): Promise<void>;
  resendWelcome(customer: AccountingCustomerView): Promise<void>;
  remove(customer: AccountingCustomerView): Promise<void>;
}

let downloadsSeq = 0;

export const useImportStore = create<ImportState>()((set, get) => ({
  downloads: [],
  downloadsError: null,
  exporting: null,
  mode: null,
  busyId: null,

  async load() {
    const template = settle(api().accountingEmailTemplate({}));
    await Promise.all([useImportList.getState().reload(), get().loadDownloads()]);
    const t = await template;
    if (t.ok) set({ mode: t.data.mode });
  },

  async loadDownloads() {
    const seq = ++downloadsSeq;
    const result = await settle(api().accountingDownloads({}));
    if (seq !== downloadsSeq) return;
    if (result.ok) set({ downloads: result.data, downloadsError: null });
    else set({ downloadsError: result.error });
  },

  async exportAs(format) {
    set({ exporting: format });
    const startedOn = currentScreen();
    const result = await callOrToast(`Export as ${FORMAT_LABEL[format]}`, api().accountingExport({ format }));
    set({ exporting: null });
    if (result) deliverExport(result, `the accounting download as ${FORMAT_LABEL[format]}`, { startedOn });
  },

  async resendWelcome(customer) {
    set({ busyId: customer.customerId });
    const result = await callOrToast('Resending the welcome email', api().accountingResendWelcome({ customerId: customer.customerId }));
    set({ busyId: null });
    if (!result) return;
    showSuccess(`Welcome email queued for ${customer.email} (job #${result.jobId}).`);
    useImportList.getState().replaceRow({ ...customer, welcome: { status: 'queued', at: Date.now(), error: null } });
  },

  async remove(customer) {
    set({ busyId: customer.customerId });
    const result = await callOrToast(`Deleting ${customer.email}`, api().customersDelete({ id: customer.customerId }));
    set({ busyId: null });
    if (!result) return;
    useImportList.getState().removeRow(customer.customerId);
    showSuccess(result.deleted ? `Deleted ${customer.name || customer.email}.` : `${customer.name || customer.email} was already gone.`);
  },
}));
