import { ROLE_LABELS, type StaffRole, type StaffUserView } from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';
import { hashPassword } from '../customers/password-hash';
import type { Repositories } from '../store/repositories';
import type { StaffUserRow } from '../store/staff-repo';
import { UniqueViolation } from '../store/store-errors';

export const MIN_STAFF_PASSWORD = 12;

export function staffView(u: StaffUserRow): StaffUserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt, lastSignInAt: u.lastSignInAt };
}

export interface NewStaffInput {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

/** Staff users of a team server: added with an Argon2id hash, given a role, disabled; never left without an admin. */
export function createStaffAccounts(deps: { repos: Repositories; now: () => number }) {
  const { repos, now } = deps;

  async function existing(id: number): Promise<StaffUserRow> {
    const u = await repos.staff.byId(id);
    if (!u) throw new AppErrorException('not_found', `There is no staff user ${id}.`);
    return u;
  }

  /** Refuses a change that would leave nobody able to manage users. */
  async function keepAnAdmin(u: StaffUserRow, after: { role: StaffRole; disabled: boolean }): Promise<void> {
    const wasActiveAdmin = u.role === 'admin' && !u.disabled;
    const staysActiveAdmin = after.role === 'admin' && !after.disabled;
    if (wasActiveAdmin && !staysActiveAdmin && (await repos.staff.activeAdminCount()) <= 1)
      throw new AppErrorException('conflict', `${u.email} is the only admin who can sign in: make another user an admin first.`);
  }

  return {
    async add(input: NewStaffInput): Promise<StaffUserView> {
      const email = input.email.trim().toLowerCase();
      if (input.password.length < MIN_STAFF_PASSWORD)
        throw new AppErrorException('invalid_input', `The password needs at least ${MIN_STAFF_PASSWORD} characters.`, [
          { path: 'password', message: `at least ${MIN_STAFF_PASSWORD} characters`, rule: 'too_short', limit: MIN_STAFF_PASSWORD },
        ]);
      const passwordHash = await hashPassword(input.password);
      try {
        return staffView(await repos.staff.add({ email, name: input.name.trim(), role: input.role, passwordHash, createdAt: now() }));
      } catch (err) {
        if (err instanceof UniqueViolation)
          throw new AppErrorException('conflict', `There is already a staff user with the email ${email}.`, [{ path: 'email', message: 'already in use' }]);
        throw err;
      }
    },
    list: async () => (await repos.staff.list()).map(staffView),
    async get(id: number): Promise<StaffUserView> {
      return staffView(await existing(id));
    },
    async setRole(id: number, role: StaffRole): Promise<StaffUserView> {
      return await repos.transaction(async (tx) => {
        const u = await existing(id);
        await keepAnAdmin(u, { role, disabled: u.disabled });
        return staffView((await tx.staff.setRole(id, role))!);
      });
    },
    async setDisabled(id: number, disabled: boolean): Promise<StaffUserView> {
      return await repos.transaction(async (tx) => {
        const u = await existing(id);
        await keepAnAdmin(u, { role: u.role, disabled });
        const after = (await tx.staff.setDisabled(id, disabled))!;
        // A disabled user is signed out everywhere at once, not when a session would expire.
        if (disabled) await tx.staff.deleteSessionsOf(id);
        return staffView(after);
      });
    },
  };
}

export type StaffAccounts = ReturnType<typeof createStaffAccounts>;

export const roleWords = (role: StaffRole): string => ROLE_LABELS[role];
