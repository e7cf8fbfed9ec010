// An account's contacts, ship-tos, pending web edits and sign-in rows as both stores read them (SQLite keeps
// booleans as 0/1, PostgreSQL as booleans).
import type { ContactRow, PendingChangeRow, ShipToRow, WebEditableField } from './accounts-repo';

export type RawContact = { id: number; account_id: number; name: string; email: string; phone: string | null; login_enabled: number | boolean; password_hash: string | null; erp_contact_id: string | null; created_at: number; updated_at: number };
export const toContact = (r: RawContact): ContactRow => ({
  id: r.id, accountId: r.account_id, name: r.name, email: r.email, phone: r.phone, loginEnabled: Boolean(r.login_enabled),
  hasPassword: r.password_hash !== null, erpContactId: r.erp_contact_id, createdAt: r.created_at, updatedAt: r.updated_at,
});
export type RawShipTo = { id: number; account_id: number; name: string | null; line1: string | null; line2: string | null; city: string | null; state: string | null; postal_code: string | null; country: string | null; erp_location_id: string | null; created_at: number; updated_at: number };
export const toShipTo = (r: RawShipTo): ShipToRow => ({
  id: r.id, accountId: r.account_id, name: r.name, line1: r.line1, line2: r.line2, city: r.city, state: r.state, postalCode: r.postal_code,
  country: r.country, erpLocationId: r.erp_location_id, createdAt: r.created_at, updatedAt: r.updated_at,
});
export type RawPending = { id: number; account_id: number; field: WebEditableField; value: string | null; status: PendingChangeRow['status']; created_at: number; pushed_at: number | null; order_id: number | null };
export const toPending = (r: RawPending): PendingChangeRow => ({
  id: r.id, accountId: r.account_id, field: r.field, value: r.value, status: r.status, createdAt: r.created_at, pushedAt: r.pushed_at, orderId: r.order_id,
});
export type RawToken = { contact_id: number; token_hash: string; expires_at: number; used_at: number | null };
export const toToken = (r: RawToken) => ({ contactId: r.contact_id, tokenHash: r.token_hash, expiresAt: r.expires_at, usedAt: r.used_at });

/** What signing in needs of a contact's email; canSignIn is false when the contact's login or the account is disabled. */
export interface ContactSignIn { contactId: number; accountId: number; accountNumber: string | null; passwordHash: string | null; canSignIn: boolean; loginEnabled: boolean; accountEnabled: boolean }
export type RawSignIn = { id: number; account_id: number; account_number: string | null; password_hash: string | null; login_enabled: number | boolean; status: string };
export const toContactSignIn = (r: RawSignIn): ContactSignIn => ({
  contactId: r.id,
  accountId: r.account_id,
  accountNumber: r.account_number,
  passwordHash: r.password_hash,
  canSignIn: Boolean(r.login_enabled) && r.status === 'enabled',
  loginEnabled: Boolean(r.login_enabled),
  accountEnabled: r.status === 'enabled',
});

/** A contact who may order now, with their account's address. */
export interface OrderingContact { accountNumber: string; email: string; accountName: string; address: { line1: string | null; city: string | null; state: string | null; postalCode: string | null; country: string | null } }
export type RawBuyer = { account_number: string; email: string; name: string; address_line1: string | null; city: string | null; state: string | null; postal_code: string | null; country: string | null };
export const toOrderingContact = (r: RawBuyer): OrderingContact => ({
  accountNumber: r.account_number, email: r.email, accountName: r.name,
  address: { line1: r.address_line1, city: r.city, state: r.state, postalCode: r.postal_code, country: r.country },
});

