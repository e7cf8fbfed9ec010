import { AsyncLocalStorage } from 'node:async_hooks';
import type { StaffRole } from '../../src-preload/contract';

export interface ActingStaff {
  id: number;
  email: string;
  role: StaffRole;
}

// Who a team server's contract call acts for, through every await of its handler: history lines (an error
// resolved, a price override) then name the signed-in user rather than the server's operating-system account.
const acting = new AsyncLocalStorage<ActingStaff>();

export function actingStaff(): ActingStaff | undefined {
  return acting.getStore();
}

export function actAs<T>(who: ActingStaff, work: () => Promise<T>): Promise<T> {
  return acting.run(who, work);
}
