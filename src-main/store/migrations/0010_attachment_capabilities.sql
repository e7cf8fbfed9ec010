-- Attachment links become capabilities of their own: a random token per attachment, minted in the transaction that adds
-- it, of which only the SHA-256 is kept; a link can be revoked and may expire.
-- Rule for links handed out before this version: those attachments are marked legacy and keep their old link (its token
-- is the file's SHA-256) working until it is revoked; no attachment added from now on accepts its file's SHA-256.
ALTER TABLE case_attachments ADD COLUMN link_legacy INTEGER NOT NULL DEFAULT 0 CHECK (link_legacy IN (0, 1));
UPDATE case_attachments SET link_legacy = 1;
-- SHA-256 (hex) of the link's random token; the token itself is never stored. Only legacy rows go without.
ALTER TABLE case_attachments ADD COLUMN link_token_hash TEXT
  CHECK (link_legacy = 1 OR (link_token_hash IS NOT NULL AND length(link_token_hash) = 64));
-- When staff revoked the link: from then on it answers 404, legacy or not.
ALTER TABLE case_attachments ADD COLUMN link_revoked_at INTEGER;
-- The link answers 404 from this moment on; NULL = no expiry.
ALTER TABLE case_attachments ADD COLUMN link_expires_at INTEGER;
