import m0001 from './migrations/0001_engine.sql?raw';
import m0002 from './migrations/0002_customers.sql?raw';
import m0003 from './migrations/0003_case_fields.sql?raw';
import m0005 from './migrations/0005_accounts_and_operations.sql?raw';
import type { Migration } from '../migrations';

// PostgreSQL's numbered migrations, bundled as strings like SQLite's. Forward-only; never edit a landed one.
export const PG_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_engine', sql: m0001 },
  { version: 2, name: '0002_customers', sql: m0002 },
  { version: 3, name: '0003_case_fields', sql: m0003 },
  // 0004 (cases and templates) lands from another branch; once it has, this one is version 5.
  { version: 4, name: '0005_accounts_and_operations', sql: m0005 },
];

export const PG_LATEST_VERSION = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version;
