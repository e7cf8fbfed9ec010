import { z } from 'zod';
import { RowId, SearchText, Text } from './common';
import {
  CustomerDetail,
  CustomerPage,
  DepartmentView,
  PlatformApiView,
  RegistrationForm,
  RegistrationResult,
} from './customer-models';


/** What staff (or the storefront, through the platform API) send to register a customer. */
export const RegistrationInput = z
  .object({
    email: z.string().trim().toLowerCase().email('a valid email address').max(254),
    firstName: Text(100).min(1, 'required'),
    lastName: Text(100).min(1, 'required'),
    company: Text(200).optional(),
    phone: Text(40).optional(),
    // "Custom One", CERM's cost code.
    costCode: Text(60).optional(),
  })
  .strict();
export type RegistrationInput = z.infer<typeof RegistrationInput>;

export const customerChannels = {
  'customers:search': {
    input: z
      .object({
        q: SearchText(100).optional(),
        departmentId: RowId.optional(),
        cursor: z.number().int().positive().nullable().default(null),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: CustomerPage,
  },
  'customers:get': { input: z.object({ id: RowId }).strict(), output: CustomerDetail },
  // Removes the customer and what is theirs here (addresses, links); a later import may create it again.
  'customers:delete': { input: z.object({ id: RowId }).strict(), output: z.object({ deleted: z.boolean() }) },
  'customers:register': { input: RegistrationInput, output: RegistrationResult },
  'customers:registration-form': { input: z.object({}).strict().default({}), output: RegistrationForm },
  'departments:list': { input: z.object({}).strict().default({}), output: z.array(DepartmentView) },
  'departments:save': {
    input: z.object({ id: RowId.optional(), name: Text(120).min(1, 'required'), description: Text(1000).nullable().default(null) }).strict(),
    output: DepartmentView,
  },
  'sandbox:storefront-burst': {
    input: z.object({ count: z.number().int().min(1).max(500) }).strict(),
    output: z.object({ sent: z.number(), failed: z.number(), outcomes: z.record(z.string(), z.number()), durationMs: z.number() }),
  },
  'platform:api': { input: z.object({}).strict().default({}), output: PlatformApiView },
  // Shown once: the new key is returned here and kept only in the keychain.
  'platform:rotate-key': { input: z.object({}).strict().default({}), output: PlatformApiView.extend({ newKey: z.string() }) },
} as const;
