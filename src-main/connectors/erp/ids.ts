export const ERP_ID = 'erp';
export const ACCOUNTS_TASK_ID = 'accounts';
export const PRICES_TASK_ID = 'prices';
/** One durable job per order placed: pending account changes, the customer when the ERP has none, the sales order. */
export const PUSH_ORDER_JOB = 'push-order';
/** A contact's set-password email (the platform's mail, sent as this connection's durable job). */
export const CONTACT_PASSWORD_JOB = 'contact-password-email';
/** Sync-state keys of the three feeds the accounts task reads (LastModifiedDateTime, each its own). */
export const FEED_KEYS = { customers: 'accounts-customers', contacts: 'accounts-contacts', locations: 'accounts-locations' } as const;
export type Feed = keyof typeof FEED_KEYS;
/** The system as staff know it. */
export const SYSTEM_NAME = 'ERP';
