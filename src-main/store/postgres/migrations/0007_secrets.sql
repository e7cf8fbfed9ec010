-- A team server's connection secrets (no OS keychain on a server): each sealed with AES-256-GCM by the server's key,
-- never in clear text (src-main/secrets/sealed-secret.ts). pg_dump copies them sealed.
CREATE TABLE secrets (
  account text PRIMARY KEY,
  sealed text NOT NULL CHECK (sealed LIKE 'v1.%'),
  updated_at bigint NOT NULL
);
