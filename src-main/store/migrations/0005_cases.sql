-- Service cases (typed fields staff define, a linked person and address, attachments), the References that hold an
-- Enquiry number against a case, Confirm mapping templates and the rules that apply them, and incoming updates seen.
CREATE TABLE case_fields (
  id INTEGER PRIMARY KEY,
  -- Used in placeholders ({{case.<key>}}) and mappings; never changes once created.
  key TEXT NOT NULL UNIQUE CHECK (key GLOB '[a-z]*' AND length(key) <= 40),
  label TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('text', 'long_text', 'number', 'date', 'choice')),
  options_json TEXT NOT NULL DEFAULT '[]',
  required INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT,
  status TEXT NOT NULL DEFAULT 'new',
  -- Values of the staff-defined case fields, by key.
  values_json TEXT NOT NULL DEFAULT '{}',
  person_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  -- The case's location: {name, street, number, postalCode, city, country, x, y, siteCode, centralAssetId}.
  address_json TEXT,
  due_at INTEGER,
  closed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX cases_updated ON cases (updated_at, id);
CREATE INDEX cases_status ON cases (status);

CREATE TABLE case_attachments (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  file_name TEXT NOT NULL,
  description TEXT,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  -- Relative to the data folder's attachments/.
  stored_name TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX case_attachments_case ON case_attachments (case_id);

CREATE TABLE reference_defs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  show_on_case INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE case_references (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  reference_id INTEGER NOT NULL REFERENCES reference_defs (id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, reference_id)
) STRICT;

-- An incoming update names the Enquiry; this finds its case.
CREATE UNIQUE INDEX case_references_value ON case_references (reference_id, value);

CREATE TABLE mapping_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('create_enquiry', 'update_enquiry', 'enquiry_updated')),
  reference_id INTEGER NOT NULL REFERENCES reference_defs (id),
  -- Ordered mapping rows (see the contract's MappingRow).
  rows_json TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE case_rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  trigger TEXT NOT NULL CHECK (trigger IN ('case_created', 'case_updated', 'attachment_added')),
  -- All must hold: [{field, op, value}].
  conditions_json TEXT NOT NULL DEFAULT '[]',
  template_id INTEGER NOT NULL REFERENCES mapping_templates (id) ON DELETE CASCADE,
  enabled INTEGER NOT NULL DEFAULT 1,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Incoming Enquiry updates already applied, by EnquiryNumber/EnquiryLogNumber: the same update twice applies once.
CREATE TABLE confirm_updates_seen (
  dedupe_key TEXT PRIMARY KEY,
  enquiry_number TEXT NOT NULL,
  case_id INTEGER,
  received_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
