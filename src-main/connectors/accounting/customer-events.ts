// The platform's customer events, as the import sees them.
import type { ConnectorHost } from '../connector';
import type { AccountingRepo } from './repositories';
import { ACCOUNTING_ID, FEED_CURSOR_KEY } from './ids';

export function subscribeToCustomerEvents(host: ConnectorHost<AccountingRepo>): void {
  // The reference's test procedure deletes an imported customer and imports again. The feed re-sends only what changed
  // in accounting, so the cursor goes: the next import reads every customer and can create this one afresh (the others
  // are linked already and stay as they are).
  host.events.subscribe('customer.deleted', async (tx, e) => {
    const link = await host.own.byCustomer(e.customerId);
    if (!link) return;
    await tx.syncState.clearCursor(ACCOUNTING_ID, FEED_CURSOR_KEY);
    await host.log.write({
      connectorId: ACCOUNTING_ID,
      action: 'customer-deleted',
      entityType: 'customer',
      entityId: String(e.customerId),
      outcome: 'success',
      message: `${e.email} (account ${link.accountNumber}) was deleted here: the next import reads every accounting customer again, and imports it afresh if it is still flagged`,
    });
    return { connectorId: ACCOUNTING_ID, jobIds: [], message: 'The next accounting import reads every customer again.' };
  });
}
