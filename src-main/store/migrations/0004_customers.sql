-- The platform's customers and departments, their addresses and external ids, and CERM's customer list as downloaded.
CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  description TEXT,
  -- The CERM customer this department stands for: registrants with that customer's cost code land here.
  cerm_customer_id TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL COLLATE NOCASE UNIQUE,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  company TEXT,
  phone TEXT,
  account_number TEXT UNIQUE,
  -- "Custom One" on the registration form, CERM's cost code.
  cost_code TEXT,
  department_id INTEGER REFERENCES departments (id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'pending', 'disabled')),
  origin TEXT NOT NULL CHECK (origin IN ('registration', 'staff', 'storefront', 'import')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX customers_cost_code ON customers (cost_code COLLATE NOCASE);
CREATE INDEX customers_department ON customers (department_id);
CREATE INDEX customers_name ON customers (last_name COLLATE NOCASE, first_name COLLATE NOCASE);

-- Per-connector ids of local records (a customer's CERM id, its accounting UUID, ...).
CREATE TABLE external_ids (
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  connector_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (entity_type, entity_id, connector_id),
  UNIQUE (connector_id, entity_type, external_id)
) STRICT;

CREATE TABLE addresses (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'delivery' CHECK (kind IN ('delivery', 'invoice', 'both', 'other')),
  name TEXT,
  street TEXT,
  number TEXT,
  postal_code TEXT,
  city TEXT,
  country TEXT,
  email TEXT,
  phone TEXT,
  -- 'local' for addresses kept here; a connector id for addresses that system owns and keeps current.
  origin TEXT NOT NULL DEFAULT 'local',
  external_id TEXT,
  updated_at INTEGER NOT NULL,
  UNIQUE (origin, external_id)
) STRICT;

CREATE INDEX addresses_customer ON addresses (customer_id);

CREATE TABLE cerm_customers (
  cerm_id TEXT PRIMARY KEY,
  number TEXT,
  name TEXT NOT NULL,
  cost_code TEXT,
  email TEXT,
  phone TEXT,
  street TEXT,
  postal_code TEXT,
  city TEXT,
  country TEXT,
  vat_number TEXT,
  download_id INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX cerm_customers_cost_code ON cerm_customers (cost_code COLLATE NOCASE);
CREATE INDEX cerm_customers_name ON cerm_customers (name COLLATE NOCASE);
CREATE INDEX cerm_customers_download ON cerm_customers (download_id);

-- Raw payload snapshots ("Download customers"): the file holds the remote's answer exactly as received.
CREATE TABLE downloads (
  id INTEGER PRIMARY KEY,
  connector_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  records INTEGER NOT NULL DEFAULT 0,
  pages INTEGER NOT NULL DEFAULT 0,
  raw_file TEXT,
  raw_bytes INTEGER NOT NULL DEFAULT 0,
  message TEXT
) STRICT;

CREATE INDEX downloads_kind ON downloads (connector_id, kind, id);

-- A customer's page lists the log entries about it.
CREATE INDEX log_entity ON integration_log (entity_type, entity_id, ts);
