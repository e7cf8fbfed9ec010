import { z } from 'zod';

// Staff accounts of a team server: who may sign in to the console, with which role, and what they changed.

/** Lowest first: each role may do everything the roles before it may. */
export const STAFF_ROLES = ['viewer', 'operator', 'admin'] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}

export const ROLE_LABELS: Record<StaffRole, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };

/** A staff password: at least 12 characters (Argon2id takes at most 1,024). */
export const StaffPassword = z.string().min(12, 'at least 12 characters').max(1024);
export const StaffEmail = z.string().trim().toLowerCase().max(254).email('an email address');

export const StaffUserView = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: StaffRole,
  disabled: z.boolean(),
  createdAt: z.number(),
  lastSignInAt: z.number().nullable(),
});
export type StaffUserView = z.infer<typeof StaffUserView>;

/** GET /auth/me on a team server: who is signed in, and the token every state-changing call carries. */
export const StaffSession = z.object({ user: StaffUserView, csrfToken: z.string() });
export type StaffSession = z.infer<typeof StaffSession>;

/** The WebSocket close code a team server sends when the socket's session has ended (signed out, expired, disabled). */
export const SESSION_ENDED_CLOSE = 4401;

export const AuditEntry = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.number().nullable(),
  /** Kept as it was when the line was written: a user renamed or removed later still reads as then. */
  actorEmail: z.string(),
  channel: z.string(),
  /** What the change was about ("connector cerm", "template 3"), where the channel's input says. */
  entity: z.string().nullable(),
  /** Before and after as JSON, secrets masked; null where the channel has no such state. */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.number().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
