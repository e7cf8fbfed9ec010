-- Customers who sign in to the storefront: an Argon2id hash, never the password.
ALTER TABLE customers ADD COLUMN password_hash TEXT;
ALTER TABLE customers ADD COLUMN password_set_at INTEGER;

-- Set-password links: the token's SHA-256 only, single use, expiring. One live link per customer.
CREATE TABLE set_password_tokens (
  customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

-- Email content staff edit (CUSTOMER_SYNC, ...): the template's text, never a rendered email.
CREATE TABLE email_templates (
  key TEXT PRIMARY KEY,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT,
  updated_at INTEGER NOT NULL
) STRICT;

-- What was sent, for Sent mail: recipient, subject and outcome; the body never (it may carry a password).
CREATE TABLE sent_mail (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  job_id INTEGER,
  queued_at INTEGER NOT NULL,
  sent_at INTEGER,
  message_id TEXT,
  error TEXT
) STRICT;

CREATE INDEX sent_mail_customer ON sent_mail (customer_id, id);
CREATE INDEX sent_mail_job ON sent_mail (job_id);
