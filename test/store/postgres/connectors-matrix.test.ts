// The connectors' integration tests on a team server's store: the same cases as their SQLite files (a real core
// against the connector's simulator over HTTP), each core on a new PostgreSQL database with its jobs on pg-boss.
import { describeAccountingImport } from '../../connectors/accounting/import.test';
import { describeCermCreateCustomer } from '../../connectors/cerm/create-customer.test';
import { describeCermDownload } from '../../connectors/cerm/download.test';
import { describeConfirmExactlyOnce } from '../../connectors/confirm/exactly-once.test';
import { describeConfirmRoundTrip } from '../../connectors/confirm/round-trip.test';
import { describeErpAccountsSync } from '../../connectors/erp/accounts-sync.test';
import { describeErpOrders } from '../../connectors/erp/orders.test';
import { describeErpPrices } from '../../connectors/erp/prices.test';
import { postgresCoreStore } from './pg-core-store';

describeCermDownload(postgresCoreStore);
describeCermCreateCustomer(postgresCoreStore);
describeConfirmRoundTrip(postgresCoreStore);
describeConfirmExactlyOnce(postgresCoreStore);
describeAccountingImport(postgresCoreStore);
describeErpAccountsSync(postgresCoreStore);
describeErpOrders(postgresCoreStore);
describeErpPrices(postgresCoreStore);
