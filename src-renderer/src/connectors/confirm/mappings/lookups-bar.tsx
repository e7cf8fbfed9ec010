import { Button, Tag } from '@blueprintjs/core';
import { formatDateTime, formatShortTime } from '../../../components/format';
import { useMappingsStore } from './mappings-store';

/** Where the code pickers' lists come from, and how old they are. */
export function LookupsBar() {
  const lookups = useMappingsStore((s) => s.lookups);
  const error = useMappingsStore((s) => s.lookupsError);
  const loading = useMappingsStore((s) => s.lookupsLoading);
  return (
    <div className="sd-lookups-bar" data-testid="lookups-status">
      <span className="sd-muted">Confirm lookups:</span>
      {lookups ? (
        <span className="sd-inline" title={formatDateTime(lookups.fetchedAt)}>
          fetched {formatShortTime(lookups.fetchedAt)}
          <Tag minimal className="sd-tag" intent={lookups.fromCache ? 'none' : 'success'}>
            {lookups.fromCache ? 'from cache' : 'fresh'}
          </Tag>
          <span className="sd-muted">
            {new Set(lookups.services.map((s) => s.code)).size} services · {lookups.attributeTypes.length} attribute types
          </span>
        </span>
      ) : (
        <span className={error ? 'sd-danger-text' : 'sd-muted'}>{error ? `not available (${error.message}); codes are typed by hand` : loading ? 'loading…' : 'not loaded'}</span>
      )}
      <Button data-testid="lookups-refresh" size="small" variant="minimal" icon="refresh" text="Refresh lookups" loading={loading} onClick={() => void useMappingsStore.getState().loadLookups(true)} />
    </div>
  );
}
