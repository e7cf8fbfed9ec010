-- B2B accounts, their contacts, ship-to addresses and pricing, and orders. The ERP is the data of record: its sync
-- overwrites account fields (account_history keeps what it replaced), and web edits wait in account_pending_changes
-- until the next order carries them to the ERP. Amounts are integer cents.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  -- The ERP's CustomerID: null until the ERP has the account (it is created there with the first order).
  account_number TEXT COLLATE NOCASE UNIQUE,
  name TEXT NOT NULL COLLATE NOCASE,
  -- Disabled: none of its contacts can sign in.
  status TEXT NOT NULL DEFAULT 'enabled' CHECK (status IN ('enabled', 'disabled')),
  email TEXT,
  phone TEXT,
  address_line1 TEXT,
  address_line2 TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  country TEXT,
  payment_terms TEXT,
  rep_code TEXT,
  price_level TEXT,
  ship_via TEXT,
  min_order_cents INTEGER CHECK (min_order_cents >= 0),
  po_required INTEGER NOT NULL DEFAULT 0 CHECK (po_required IN (0, 1)),
  -- The ERP's own record id (BAccountID / the entity's uuid), beside the CustomerID people read.
  erp_customer_id TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Keyset search by name prefix, in name order (the rowid rides along in the index).
CREATE INDEX accounts_name ON accounts (name);

CREATE TABLE account_contacts (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  -- Unique here in any case; that it is no customer's email as well is the repositories' rule (no cross-table unique).
  email TEXT NOT NULL COLLATE NOCASE UNIQUE,
  phone TEXT,
  login_enabled INTEGER NOT NULL DEFAULT 1 CHECK (login_enabled IN (0, 1)),
  -- An Argon2id hash, never the password.
  password_hash TEXT,
  password_set_at INTEGER,
  erp_contact_id TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX account_contacts_account ON account_contacts (account_id, id);

-- Ship-to addresses (the ERP's customer locations, or ones first used on an order).
CREATE TABLE account_addresses (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  name TEXT,
  line1 TEXT,
  line2 TEXT,
  city TEXT,
  state TEXT,
  postal_code TEXT,
  country TEXT,
  erp_location_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (account_id, erp_location_id)
) STRICT;

-- Prices as the ERP exported them: a full export replaces the rows of its scope (a price level or one account).
-- Manual overrides live in their own table, so replacing these cannot delete them.
CREATE TABLE prices (
  id INTEGER PRIMARY KEY,
  price_level TEXT,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  item TEXT NOT NULL,
  price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
  export_id TEXT NOT NULL,
  imported_at INTEGER NOT NULL,
  CHECK ((price_level IS NULL) <> (account_id IS NULL))
) STRICT;

CREATE UNIQUE INDEX prices_level_item ON prices (price_level, item) WHERE price_level IS NOT NULL;
CREATE UNIQUE INDEX prices_account_item ON prices (account_id, item) WHERE account_id IS NOT NULL;

-- Pricing entered on the platform: a price that replaces the imported one, or a discount (percent) off it.
CREATE TABLE price_overrides (
  id INTEGER PRIMARY KEY,
  price_level TEXT,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  item TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('price', 'discount')),
  price_cents INTEGER CHECK (price_cents >= 0),
  discount_percent REAL CHECK (discount_percent > 0 AND discount_percent <= 100),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK ((price_level IS NULL) <> (account_id IS NULL)),
  CHECK ((kind = 'price' AND price_cents IS NOT NULL AND discount_percent IS NULL)
      OR (kind = 'discount' AND discount_percent IS NOT NULL AND price_cents IS NULL))
) STRICT;

CREATE UNIQUE INDEX price_overrides_level_item ON price_overrides (price_level, item) WHERE price_level IS NOT NULL;
CREATE UNIQUE INDEX price_overrides_account_item ON price_overrides (account_id, item) WHERE account_id IS NOT NULL;

CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  -- Ours, and the key an ERP push is made idempotent by.
  order_number TEXT NOT NULL UNIQUE,
  -- Null for a B2C order: the customer's details below, and the ERP creates the customer when the order arrives.
  account_id INTEGER REFERENCES accounts (id),
  contact_id INTEGER REFERENCES account_contacts (id) ON DELETE SET NULL,
  customer_name TEXT,
  customer_email TEXT,
  customer_phone TEXT,
  -- The ship-to as placed (an address edited later does not change an order).
  ship_to_address_id INTEGER REFERENCES account_addresses (id) ON DELETE SET NULL,
  ship_name TEXT,
  ship_line1 TEXT,
  ship_line2 TEXT,
  ship_city TEXT,
  ship_state TEXT,
  ship_postal_code TEXT,
  ship_country TEXT,
  po_number TEXT,
  status TEXT NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'pushed', 'failed', 'cancelled')),
  erp_order_id TEXT UNIQUE,
  erp_customer_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (account_id IS NOT NULL OR customer_email IS NOT NULL)
) STRICT;

CREATE INDEX orders_account ON orders (account_id, id);

CREATE TABLE order_lines (
  order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line_no INTEGER NOT NULL,
  item TEXT NOT NULL,
  qty INTEGER NOT NULL CHECK (qty > 0),
  unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, line_no)
) STRICT;

-- A web edit of an account, kept until the next order pushes it to the ERP. One pending change per field: a second
-- edit of the field replaces the value. 'lost': an ERP sync overwrote it first; 'reapplied': staff put it back.
CREATE TABLE account_pending_changes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  value TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'pushed', 'lost', 'reapplied')),
  created_at INTEGER NOT NULL,
  pushed_at INTEGER,
  order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL
) STRICT;

CREATE UNIQUE INDEX account_pending_changes_one ON account_pending_changes (account_id, field) WHERE status = 'pending';
CREATE INDEX account_pending_changes_account ON account_pending_changes (account_id, id);

-- What an ERP sync changed: the web's value it replaced, the ERP's value, and whether a web edit was lost with it.
CREATE TABLE account_history (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  field TEXT NOT NULL,
  web_value TEXT,
  erp_value TEXT,
  lost INTEGER NOT NULL DEFAULT 0 CHECK (lost IN (0, 1)),
  run_id INTEGER,
  at INTEGER NOT NULL,
  change_id INTEGER REFERENCES account_pending_changes (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX account_history_account ON account_history (account_id, id);
