import { Button, Callout, HTMLSelect, HTMLTable, NonIdealState, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import { ROLE_LABELS, STAFF_ROLES, type StaffRole, type StaffUserView } from '../../../../src-preload/contract';
import { useStaffStore } from '../../api/staff-store';
import { ErrorDetails } from '../../components/field-issues';
import { formatZonedDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { AddUserDialog } from './add-user-dialog';
import { useUsersStore } from './users-store';
import { RoleButton } from '../../components/role-gate';

function UserRow({ user, me }: { user: StaffUserView; me: number | null }) {
  const busy = useUsersStore((s) => s.busyId === user.id);
  const refused = useUsersStore((s) => s.rowErrors[user.id]);
  const { setRole, setDisabled } = useUsersStore.getState();
  return (
    <tr data-testid="user-row" data-email={user.email} className={user.disabled ? 'is-disabled' : undefined}>
      <td className="sd-mono-cell">{user.email}</td>
      <td>
        {user.name}
        {user.id === me && <span className="sd-muted"> (you)</span>}
      </td>
      <td>
        <HTMLSelect
          aria-label={`Role of ${user.email}`}
          data-testid="user-row-role"
          data-action="staff:set-role"
          minimal
          disabled={busy}
          value={user.role}
          onChange={(e) => void setRole(user.id, e.currentTarget.value as StaffRole)}
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </HTMLSelect>
        {refused && (
          <div className="sd-error-text" role="alert" data-testid="user-row-error">
            {refused.message}
            <ErrorDetails detail={refused.detail} />
          </div>
        )}
      </td>
      <td>
        <Tag minimal intent={user.disabled ? 'danger' : 'success'} data-testid="user-row-status">
          {user.disabled ? 'Disabled' : 'Active'}
        </Tag>
      </td>
      <td>{user.lastSignInAt ? formatZonedDateTime(user.lastSignInAt) : <span className="sd-muted">never</span>}</td>
      <td>
        <RoleButton
          action="staff:set-disabled"
          size="small"
          data-testid="user-row-toggle"
          icon={user.disabled ? 'unlock' : 'disable'}
          text={user.disabled ? 'Enable' : 'Disable'}
          loading={busy}
          title={user.disabled ? `Let ${user.email} sign in again` : `Sign ${user.email} out everywhere and keep them out`}
          onClick={() => void setDisabled(user.id, !user.disabled)}
        />
      </td>
    </tr>
  );
}

/** Team > Users (admins): who may sign in to this team server, with which role. */
export function UsersPage() {
  const users = useUsersStore((s) => s.users);
  const loadError = useUsersStore((s) => s.loadError);
  const me = useStaffStore((s) => s.user?.id ?? null);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    void useUsersStore.getState().load();
  }, []);
  return (
    <div className="sd-page sd-page-scroll" data-testid="users-page">
      <PageHeader
        title="Users"
        subtitle="Staff who sign in to this team server. Viewers read; operators run syncs and resolve errors; admins also change configuration and users."
        actions={<RoleButton action="staff:add" intent="primary" icon="new-person" text="Add user" data-testid="user-add" onClick={() => setAdding(true)} />}
      />
      {loadError && (
        <Callout intent="danger" title="Users could not be read" data-testid="users-load-error">
          {loadError.message}
        </Callout>
      )}
      {!users && !loadError && <Spinner size={24} />}
      {users && users.length === 0 && <NonIdealState icon="people" title="No staff users yet" />}
      {users && users.length > 0 && (
        <HTMLTable compact striped className="sd-table" data-testid="users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Status</th>
              <th>Last sign-in</th>
              <th>
                <span className="sd-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} me={me} />
            ))}
          </tbody>
        </HTMLTable>
      )}
      <AddUserDialog isOpen={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
