export const ACCOUNTING_ID = 'accounting';
export const IMPORT_TASK_ID = 'customers';
export const WELCOME_JOB = 'send-welcome';
/** The sent-mail kind of the welcome email, and its template's key (Content > Email Content). */
export const WELCOME_MAIL_KIND = 'welcome';
export const WELCOME_TEMPLATE_KEY = 'CUSTOMER_SYNC';
/** The downloads kind of a full import's raw answers. */
export const CUSTOMERS_DOWNLOAD_KIND = 'customers';
/** The sync-state key of the feed cursor. */
export const FEED_CURSOR_KEY = 'customers-feed';
