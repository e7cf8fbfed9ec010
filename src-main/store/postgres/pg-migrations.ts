import m0001 from './migrations/0001_engine.sql?raw';
import m0002 from './migrations/0002_customers.sql?raw';
import m0003 from './migrations/0003_case_fields.sql?raw';
import m0004 from './migrations/0004_cases.sql?raw';
import m0005 from './migrations/0005_accounts_and_operations.sql?raw';
import m0006 from './migrations/0006_staff.sql?raw';
import m0007 from './migrations/0007_secrets.sql?raw';
import m0008 from './migrations/0008_download_host.sql?raw';
import m0009 from './migrations/0009_cerm_mirror_without_download_index.sql?raw';
import m0010 from './migrations/0010_config_changed_notify.sql?raw';
import type { Migration } from '../migrations';

// PostgreSQL's numbered migrations, bundled as strings like SQLite's. Forward-only; never edit a landed one.
export const PG_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_engine', sql: m0001 },
  { version: 2, name: '0002_customers', sql: m0002 },
  { version: 3, name: '0003_case_fields', sql: m0003 },
  { version: 4, name: '0004_cases', sql: m0004 },
  { version: 5, name: '0005_accounts_and_operations', sql: m0005 },
  { version: 6, name: '0006_staff', sql: m0006 },
  { version: 7, name: '0007_secrets', sql: m0007 },
  { version: 8, name: '0008_download_host', sql: m0008 },
  { version: 9, name: '0009_cerm_mirror_without_download_index', sql: m0009 },
  { version: 10, name: '0010_config_changed_notify', sql: m0010 },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
