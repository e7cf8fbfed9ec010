import { create } from 'zustand';
import { ROLE_LABELS, roleAtLeast, roleForChannel, type ChannelName, type StaffUserView } from '../../../src-preload/contract';

/** The signed-in staff user on a team server; null on the desktop and in token-guarded headless mode. */
interface StaffState {
  user: StaffUserView | null;
  csrfToken: string | null;
}

export const useStaffStore = create<StaffState>(() => ({ user: null, csrfToken: null }));

export interface Permission {
  allowed: boolean;
  /** Why not, for a disabled control's tooltip ("Only an Admin can do this."). */
  reason?: string;
}

/** Whether the signed-in user's role may call the channel; everyone may where nobody signs in. */
export function permissionFor(user: StaffUserView | null, channel: ChannelName): Permission {
  if (!user) return { allowed: true };
  const needed = roleForChannel(channel);
  if (roleAtLeast(user.role, needed)) return { allowed: true };
  const who = needed === 'admin' ? 'an Admin' : 'an Operator or an Admin';
  return { allowed: false, reason: `Only ${who} can do this; you are signed in as ${ROLE_LABELS[user.role]}.` };
}

export function useCan(channel: ChannelName): Permission {
  return permissionFor(useStaffStore((s) => s.user), channel);
}
