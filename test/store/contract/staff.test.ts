import { describe, expect, it } from 'vitest';
import { UniqueViolation } from '../../../src-main/store/store-errors';
import { freshStore, onSqliteWhenRun, type StoreFactory, type StoreOf } from './store-under-test';

type Store = StoreOf<'staff'>;

const ada = { email: 'Ada@Team.Example', name: 'Ada', role: 'admin' as const, passwordHash: '$argon2id$v=19$ada', createdAt: 10 };

/** Staff users (email unique whatever its case) and their sessions (a token's hash, expiry, last seen, CSRF token). */
export function describeStaffContract(name: string, factory: StoreFactory<Store>): void {
  describe(`${name} store: staff users and sessions`, () => {
    const store = freshStore(factory);

    it('adds a user with the email lower-cased, and finds it by id and by email typed in any case', async () => {
      const { staff } = store();
      const added = await staff.add(ada);
      expect(added).toEqual({ id: added.id, email: 'ada@team.example', name: 'Ada', role: 'admin', passwordHash: ada.passwordHash, disabled: false, createdAt: 10, lastSignInAt: null });
      expect(await staff.byId(added.id)).toEqual(added);
      expect(await staff.byEmail('  ADA@team.EXAMPLE ')).toEqual(added);
      expect(await staff.byEmail('bob@team.example')).toBeUndefined();
      expect(await staff.byId(added.id + 1)).toBeUndefined();
    });

    it('refuses a second user with the same email in another case, keeping the first', async () => {
      const { staff } = store();
      await staff.add(ada);
      await expect(staff.add({ ...ada, email: 'ADA@team.example', name: 'Other' })).rejects.toBeInstanceOf(UniqueViolation);
      expect((await staff.list()).map((u) => u.name)).toEqual(['Ada']);
    });

    it('lists users by email, changes a role, disables and records sign-ins; counts the admins who can sign in', async () => {
      const { staff } = store();
      const a = await staff.add(ada);
      const b = await staff.add({ ...ada, email: 'bob@team.example', name: 'Bob', role: 'viewer' });
      expect((await staff.list()).map((u) => u.email)).toEqual(['ada@team.example', 'bob@team.example']);
      expect(await staff.activeAdminCount()).toBe(1);
      expect((await staff.setRole(b.id, 'admin'))?.role).toBe('admin');
      expect(await staff.activeAdminCount()).toBe(2);
      expect((await staff.setDisabled(a.id, true))?.disabled).toBe(true);
      expect(await staff.activeAdminCount()).toBe(1);
      expect(await staff.setRole(999, 'viewer')).toBeUndefined();
      await staff.recordSignIn(b.id, 55);
      await staff.setPasswordHash(b.id, '$argon2id$new');
      expect(await staff.byId(b.id)).toMatchObject({ lastSignInAt: 55, passwordHash: '$argon2id$new', role: 'admin' });
    });

    it('keeps sessions by token hash; touches, deletes one, all of a user, and the expired', async () => {
      const { staff } = store();
      const a = await staff.add(ada);
      const s = { tokenHash: 'h1', userId: a.id, csrfToken: 'c1', createdAt: 1, expiresAt: 100, lastSeenAt: 1 };
      await staff.addSession(s);
      await staff.addSession({ ...s, tokenHash: 'h2', expiresAt: 50 });
      expect(await staff.session('h1')).toEqual(s);
      await staff.touchSession('h1', 20, 200);
      expect(await staff.session('h1')).toMatchObject({ lastSeenAt: 20, expiresAt: 200, csrfToken: 'c1' });
      expect(await staff.deleteExpiredSessions(50)).toBe(1);
      expect(await staff.session('h2')).toBeUndefined();
      await staff.addSession({ ...s, tokenHash: 'h3' });
      await staff.deleteSession('h3');
      expect(await staff.session('h3')).toBeUndefined();
      await staff.addSession({ ...s, tokenHash: 'h4' });
      expect(await staff.deleteSessionsOf(a.id)).toBe(2);
      expect(await staff.session('h1')).toBeUndefined();
    });

    it('refuses a session of a user that does not exist', async () => {
      const { staff } = store();
      await expect(staff.addSession({ tokenHash: 'x', userId: 42, csrfToken: 'c', createdAt: 1, expiresAt: 2, lastSeenAt: 1 })).rejects.toThrow();
    });
  });
}

onSqliteWhenRun(import.meta.url, describeStaffContract);
