import { z } from 'zod';
import { Empty, RowId, Text } from './common';
import { AuditPage, StaffEmail, StaffPassword, StaffRole, StaffUserView } from './staff-models';

const AuditMillis = z.number().int().min(0).max(8_640_000_000_000_000);

/** Staff accounts and the audit trail (admins only; see channel-roles.ts). */
export const staffChannels = {
  'staff:list': { input: Empty, output: z.array(StaffUserView) },
  'staff:add': {
    input: z.object({ email: StaffEmail, name: Text(120).min(1, 'required'), role: StaffRole, password: StaffPassword }).strict(),
    output: StaffUserView,
  },
  'staff:set-role': { input: z.object({ id: RowId, role: StaffRole }).strict(), output: StaffUserView },
  // A disabled user's sessions end at once; they cannot sign in until enabled again.
  'staff:set-disabled': { input: z.object({ id: RowId, disabled: z.boolean() }).strict(), output: StaffUserView },
  'audit:page': {
    input: z
      .object({
        cursor: RowId.nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
        actorId: RowId.optional(),
        channel: Text(80).optional(),
        /** Changes made at or after this moment (ms since 1970), and before `to`. */
        from: AuditMillis.optional(),
        to: AuditMillis.optional(),
      })
      .strict(),
    output: AuditPage,
  },
} as const;
