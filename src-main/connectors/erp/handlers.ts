// The ERP connection's own channels: the sandbox's "change some accounts in the ERP" control, and the accounts
// cursor with its Reset.
import { channelsOf, type ConnectorHost, type ContributedChannels } from '../connector';
import { erpChannels } from '../../../src-preload/contract/connectors/erp';
import { AppErrorException } from '../../errors/app-error';
import type { ErpSandbox } from './sandbox';
import { feedCursor, resetFeedCursors } from './accounts-sync';
import { ERP_ID, FEED_KEYS } from './ids';
import { grouped } from '../../engine/count-words';

export function erpHandlers(host: ConnectorHost): ContributedChannels {
  async function cursorView() {
    const c = await feedCursor(host.repos, 'customers');
    const info = await host.repos.syncState.cursorInfo(ERP_ID, FEED_KEYS.customers);
    return { at: c.since ? Date.parse(c.since) : null, savedAt: info?.updatedAt ?? null };
  }

  return channelsOf(erpChannels, {
    'erp:sandbox-change-accounts': async (input) => {
      const sandbox = host.sandboxMode() ? (host.simulator(ERP_ID) as ErpSandbox | undefined) : undefined;
      if (!sandbox) throw new AppErrorException('conflict', 'Accounts can be changed "in the ERP" only in sandbox mode, where the ERP is the simulator.');
      const changed = input.accountNumbers?.length
        ? input.accountNumbers.map((n) => {
            try {
              return sandbox.rotateAccount(n).CustomerID;
            } catch {
              throw new AppErrorException('not_found', `The sandbox ERP has no customer ${n}.`);
            }
          })
        : sandbox.changeSomeAccounts(input.count).map((c) => c.CustomerID);
      await host.log.write({ connectorId: ERP_ID, action: 'sandbox-change-accounts', outcome: 'success', message: `${grouped(changed.length)} account${changed.length === 1 ? '' : 's'} changed in the sandbox ERP (terms, rep code, price level): the next accounts sync overwrites them here` });
      return { changed };
    },
    'erp:accounts-cursor': cursorView,
    'erp:reset-accounts-cursor': async () => {
      await resetFeedCursors(host.repos);
      await host.log.write({ connectorId: ERP_ID, action: 'reset-cursor', outcome: 'success', message: 'accounts cursor reset by staff: the next sync reads every ERP account, contact and ship-to again' });
      return await cursorView();
    },
  });
}
