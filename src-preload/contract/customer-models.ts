import { z } from 'zod';
import { LogEntry } from './models';

export const AddressView = z.object({
  id: z.number(),
  kind: z.enum(['delivery', 'invoice', 'both', 'other']),
  name: z.string().nullable(),
  street: z.string().nullable(),
  number: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  // 'local', or the connector that owns and keeps it current (e.g. 'cerm').
  origin: z.string(),
  externalId: z.string().nullable(),
  updatedAt: z.number(),
});
export type AddressView = z.infer<typeof AddressView>;

export const CustomerView = z.object({
  id: z.number(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  accountNumber: z.string().nullable(),
  costCode: z.string().nullable(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  status: z.enum(['active', 'pending', 'disabled']),
  origin: z.enum(['registration', 'staff', 'storefront', 'import']),
  cermId: z.string().nullable(),
  // The CERM customer of the customer's department (registrants linked by cost code belong to it).
  departmentCermId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const CustomerDetail = z.object({
  customer: CustomerView,
  addresses: z.array(AddressView),
  externalIds: z.record(z.string(), z.string()),
  log: z.array(LogEntry),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const CustomerPage = z.object({ customers: z.array(CustomerView), nextCursor: z.number().nullable() });
export type CustomerPage = z.infer<typeof CustomerPage>;

export const RegistrationOutcome = z.enum(['linked', 'created', 'queued', 'registered']);
export const RegistrationResult = z.object({
  customerId: z.number(),
  outcome: RegistrationOutcome,
  message: z.string(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  cermId: z.string().nullable(),
  jobId: z.number().nullable(),
});
export type RegistrationResult = z.infer<typeof RegistrationResult>;

export const RegistrationForm = z.object({
  costCodeLabel: z.string(),
  costCodeRequired: z.boolean(),
  autoLinkDepartment: z.boolean(),
  autoCreateInCerm: z.boolean(),
});
export type RegistrationForm = z.infer<typeof RegistrationForm>;

export const DepartmentView = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  cermCustomerId: z.string().nullable(),
  cermCustomerName: z.string().nullable(),
  cermCostCode: z.string().nullable(),
  members: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type DepartmentView = z.infer<typeof DepartmentView>;

export const CermCustomerView = z.object({
  cermId: z.string(),
  number: z.string().nullable(),
  name: z.string(),
  costCode: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string().nullable(),
  vatNumber: z.string().nullable(),
});
export type CermCustomerView = z.infer<typeof CermCustomerView>;

export const CermCursor = z.object({ name: z.string(), cermId: z.string() });

export const CermCustomerPage = z.object({ rows: z.array(CermCustomerView), nextCursor: CermCursor.nullable(), total: z.number() });
export type CermCustomerPage = z.infer<typeof CermCustomerPage>;

export const DownloadView = z.object({
  id: z.number(),
  status: z.enum(['running', 'complete', 'failed']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  records: z.number(),
  pages: z.number(),
  rawBytes: z.number(),
  message: z.string().nullable(),
});
export type DownloadView = z.infer<typeof DownloadView>;

export const PlatformApiView = z.object({
  // 'unavailable': the keychain did not answer, so whether a key exists is unknown.
  apiKey: z.enum(['set', 'not set', 'unavailable']),
  url: z.string().nullable(),
});
export type PlatformApiView = z.infer<typeof PlatformApiView>;
