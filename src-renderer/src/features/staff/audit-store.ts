import { create } from 'zustand';
import type { AppError, AuditEntry, StaffUserView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';

export interface AuditFilter {
  actorId?: number;
  /** Local days, "YYYY-MM-DD"; both ends included. */
  fromDay?: string;
  toDay?: string;
}

interface AuditState {
  filter: AuditFilter;
  entries: AuditEntry[] | null;
  nextCursor: number | null;
  users: StaffUserView[];
  loading: boolean;
  error: AppError | null;
  setFilter(filter: AuditFilter): Promise<void>;
  load(): Promise<void>;
  more(): Promise<void>;
}

const PAGE = 50;

const startOfDay = (day: string): number | undefined => {
  const ms = new Date(`${day}T00:00`).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
};

/** The filter as the contract takes it: a "to" day includes the whole day. */
export function auditQuery(filter: AuditFilter): { actorId?: number; from?: number; to?: number } {
  const from = filter.fromDay ? startOfDay(filter.fromDay) : undefined;
  const toStart = filter.toDay ? startOfDay(filter.toDay) : undefined;
  const to = toStart === undefined ? undefined : new Date(new Date(toStart).setDate(new Date(toStart).getDate() + 1)).getTime();
  return { ...(filter.actorId ? { actorId: filter.actorId } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** Team > Audit: the audit trail newest first, a page at a time, under the filter. */
export const useAuditStore = create<AuditState>()((set, get) => {
  async function page(cursor: number | null): Promise<void> {
    set({ loading: true });
    const r = await settle(api().auditPage({ cursor, limit: PAGE, ...auditQuery(get().filter) }));
    if (!r.ok) return set({ loading: false, error: r.error });
    set({ loading: false, error: null, entries: cursor === null ? r.data.items : [...(get().entries ?? []), ...r.data.items], nextCursor: r.data.nextCursor });
  }
  return {
    filter: {},
    entries: null,
    nextCursor: null,
    users: [],
    loading: false,
    error: null,
    async setFilter(filter) {
      set({ filter });
      await page(null);
    },
    async load() {
      const users = await settle(api().staffList({}));
      if (users.ok) set({ users: users.data });
      await page(null);
    },
    async more() {
      const cursor = get().nextCursor;
      if (cursor !== null) await page(cursor);
    },
  };
});
