import type { CoreServices } from '../core/services';
import type { Handlers } from './router';

type StaffHandlers = Pick<Handlers, 'staff:list' | 'staff:add' | 'staff:set-role' | 'staff:set-disabled' | 'audit:page'>;

export function createStaffHandlers(s: CoreServices): StaffHandlers {
  return {
    'staff:list': () => s.staff.list(),
    'staff:add': (input) => s.staff.add(input),
    'staff:set-role': (input) => s.staff.setRole(input.id, input.role),
    'staff:set-disabled': (input) => s.staff.setDisabled(input.id, input.disabled),
    'audit:page': (input) => s.repos.audit.page(input),
  };
}
