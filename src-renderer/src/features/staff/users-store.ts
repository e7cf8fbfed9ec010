import { create } from 'zustand';
import type { AppError, Result, StaffRole, StaffUserView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';

interface UsersState {
  users: StaffUserView[] | null;
  loadError: AppError | null;
  /** A row's refused change, by user id: shown beside that row's control. */
  rowErrors: Record<number, AppError>;
  busyId: number | null;
  load(): Promise<void>;
  add(input: { email: string; name: string; role: StaffRole; password: string }): Promise<Result<StaffUserView>>;
  setRole(id: number, role: StaffRole): Promise<void>;
  setDisabled(id: number, disabled: boolean): Promise<void>;
}

/** Team > Users: the staff list and its changes, each answered with the user as the server now has them. */
export const useUsersStore = create<UsersState>()((set, get) => {
  const replace = (user: StaffUserView) => set({ users: (get().users ?? []).map((u) => (u.id === user.id ? user : u)) });
  async function change(id: number, call: () => Promise<Result<StaffUserView>>): Promise<void> {
    set({ busyId: id });
    const r = await settle(call());
    const rowErrors = { ...get().rowErrors };
    delete rowErrors[id];
    if (r.ok) replace(r.data);
    else rowErrors[id] = r.error;
    set({ busyId: null, rowErrors });
  }
  return {
    users: null,
    loadError: null,
    rowErrors: {},
    busyId: null,
    async load() {
      const r = await settle(api().staffList({}));
      if (r.ok) set({ users: r.data, loadError: null });
      else set({ loadError: r.error });
    },
    async add(input) {
      const r = await settle(api().staffAdd(input));
      if (r.ok) set({ users: [...(get().users ?? []), r.data].sort((a, b) => a.email.localeCompare(b.email)) });
      return r;
    },
    setRole: (id, role) => change(id, () => api().staffSetRole({ id, role })),
    setDisabled: (id, disabled) => change(id, () => api().staffSetDisabled({ id, disabled })),
  };
});
