import { Button, Tag } from '@blueprintjs/core';
import { ROLE_LABELS } from '../../../../src-preload/contract';
import { useStaffStore } from '../../api/staff-store';
import { signOut } from './team-auth';

/** On a team server: who is signed in, their role, and Sign out. Nothing where nobody signs in. */
export function SignedInUser() {
  const user = useStaffStore((s) => s.user);
  if (!user) return null;
  return (
    <div className="sd-staff-user" data-testid="signed-in-user">
      <span className="sd-muted sd-staff-user-name" title={user.email}>{user.name}</span>
      <Tag minimal round data-testid="signed-in-role">{ROLE_LABELS[user.role]}</Tag>
      <Button data-testid="sign-out" size="small" variant="minimal" icon="log-out" text="Sign out" onClick={() => void signOut()} />
    </div>
  );
}
