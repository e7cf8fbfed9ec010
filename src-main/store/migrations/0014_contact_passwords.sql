-- Contacts of B2B accounts set their password the way imported customers do: a single-use, expiring link whose
-- token's SHA-256 only is kept. One live link per contact.
CREATE TABLE contact_set_password_tokens (
  contact_id INTEGER PRIMARY KEY REFERENCES account_contacts (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

-- Sent mail names the contact an email went to, as it names the customer.
ALTER TABLE sent_mail ADD COLUMN contact_id INTEGER REFERENCES account_contacts (id) ON DELETE SET NULL;
CREATE INDEX sent_mail_contact ON sent_mail (contact_id, id);
