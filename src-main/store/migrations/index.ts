import m0001 from './0001_init.sql?raw';
import m0002 from './0002_sync_runs.sql?raw';
import m0003 from './0003_integration_log.sql?raw';
import m0004 from './0004_customers.sql?raw';
import m0005 from './0005_cases.sql?raw';
import m0006 from './0006_log_search_index_in_batches.sql?raw';
import m0007 from './0007_jobs_without_lease_index.sql?raw';
import m0008 from './0008_connector_schema.sql?raw';
import m0009 from './0009_jobs_in_doubt.sql?raw';
import m0010 from './0010_attachment_capabilities.sql?raw';
import m0011 from './0011_passwords_and_mail.sql?raw';
import m0012 from './0012_accounts.sql?raw';
import m0013 from './0013_ids_never_reused.sql?raw';
import m0014 from './0014_contact_passwords.sql?raw';
import m0015 from './0015_errors_and_alerts.sql?raw';
import m0016 from './0016_log_search_terms.sql?raw';
import m0017 from './0017_record_changes.sql?raw';
import m0018 from './0018_staff.sql?raw';
import m0019 from './0019_account_history_as_record_changes.sql?raw';
import m0020 from './0020_cerm_mirror_without_download_index.sql?raw';
import m0021 from './0021_log_entity_through_search.sql?raw';
import m0022 from './0022_download_host.sql?raw';
import m0023 from './0023_deferred_indexes.sql?raw';
import m0024 from './0024_log_filters_through_search.sql?raw';

// Bundled as strings so dev, tests and the packaged app apply the same text. Forward-only; never edit a landed one.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_init', sql: m0001 },
  { version: 2, name: '0002_sync_runs', sql: m0002 },
  { version: 3, name: '0003_integration_log', sql: m0003 },
  { version: 4, name: '0004_customers', sql: m0004 },
  { version: 5, name: '0005_cases', sql: m0005 },
  { version: 6, name: '0006_log_search_index_in_batches', sql: m0006 },
  { version: 7, name: '0007_jobs_without_lease_index', sql: m0007 },
  { version: 8, name: '0008_connector_schema', sql: m0008 },
  { version: 9, name: '0009_jobs_in_doubt', sql: m0009 },
  { version: 10, name: '0010_attachment_capabilities', sql: m0010 },
  { version: 11, name: '0011_passwords_and_mail', sql: m0011 },
  { version: 12, name: '0012_accounts', sql: m0012 },
  { version: 13, name: '0013_ids_never_reused', sql: m0013 },
  { version: 14, name: '0014_contact_passwords', sql: m0014 },
  { version: 15, name: '0015_errors_and_alerts', sql: m0015 },
  { version: 16, name: '0016_log_search_terms', sql: m0016 },
  { version: 17, name: '0017_record_changes', sql: m0017 },
  { version: 18, name: '0018_staff', sql: m0018 },
  { version: 19, name: '0019_account_history_as_record_changes', sql: m0019 },
  { version: 20, name: '0020_cerm_mirror_without_download_index', sql: m0020 },
  { version: 21, name: '0021_log_entity_through_search', sql: m0021 },
  { version: 22, name: '0022_download_host', sql: m0022 },
  { version: 23, name: '0023_deferred_indexes', sql: m0023 },
  { version: 24, name: '0024_log_filters_through_search', sql: m0024 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
