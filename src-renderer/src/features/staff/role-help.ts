import type { StaffRole } from '../../../../src-preload/contract';

/** What each role may do, in the words of the screens. */
export const ROLE_HELP: Record<StaffRole, string> = {
  viewer: 'Reads everything; changes nothing.',
  operator: 'Runs syncs, retries and resolves errors, previews and exports.',
  admin: 'Also changes connections, secrets, templates, rules and users.',
};
