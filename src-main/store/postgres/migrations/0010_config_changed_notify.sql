-- Each engine keeps the configuration rows it reads on every job and raise in memory (pg-config-cache.ts): case
-- fields, mapping templates and Reference definitions, connections and their sealed secrets. A change committed to any of them, by any engine or by hand, tells
-- every engine to drop its copy: the NOTIFY is sent when the change commits, and not at all if it rolls back.
CREATE FUNCTION syncdesk_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('syncdesk_config', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER case_fields_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_fields
  FOR EACH STATEMENT EXECUTE FUNCTION syncdesk_config_changed();
CREATE TRIGGER mapping_templates_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON mapping_templates
  FOR EACH STATEMENT EXECUTE FUNCTION syncdesk_config_changed();
CREATE TRIGGER reference_defs_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reference_defs
  FOR EACH STATEMENT EXECUTE FUNCTION syncdesk_config_changed();
CREATE TRIGGER connections_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON connections
  FOR EACH STATEMENT EXECUTE FUNCTION syncdesk_config_changed();
CREATE TRIGGER secrets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON secrets
  FOR EACH STATEMENT EXECUTE FUNCTION syncdesk_config_changed();
