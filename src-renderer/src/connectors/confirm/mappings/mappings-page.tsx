import { Button, Callout } from '@blueprintjs/core';
import { useCallback, useEffect } from 'react';
import type { TemplateView } from '../../../../../src-preload/contract';
import { useConnectionStore } from '../../../api/connection-store';
import { navigate } from '../../../app/router';
import { formatDateTime, formatShortTime } from '../../../components/format';
import { PageHeader } from '../../../components/page-header';
import { EmptyTable, VirtualTable, type Column } from '../../../components/virtual-table';
import { useMappingsStore } from './mappings-store';
import { TemplateEditorPage } from './template-editor-page';
import { TEMPLATE_TYPE_LABEL } from './template-draft';
import { RoleButton } from '../../../components/role-gate';

const COLUMNS: readonly Column<TemplateView>[] = [
  { key: 'name', header: 'Name', width: 'minmax(180px, 1.4fr)', render: (t) => <span className="sd-strong" title={t.name}>{t.name}</span> },
  { key: 'type', header: 'Type', width: 'minmax(180px, 1fr)', render: (t) => TEMPLATE_TYPE_LABEL[t.type] },
  { key: 'reference', header: 'Reference', width: 'minmax(120px, 1fr)', render: (t) => t.referenceName },
  { key: 'rows', header: 'Mappings', width: '84px', className: 'sd-num', render: (t) => t.rows.length },
  { key: 'updated', header: 'Updated', width: '136px', className: 'sd-mono-cell', render: (t) => <span title={formatDateTime(t.updatedAt)}>{formatShortTime(t.updatedAt)}</span> },
];

function TemplateList() {
  const templates = useMappingsStore((s) => s.templates);
  const loaded = useMappingsStore((s) => s.loaded);
  const loadError = useMappingsStore((s) => s.loadError);
  const onRowClick = useCallback((t: TemplateView) => navigate({ name: 'mappings', templateId: t.id }), []);
  return (
    <div className="sd-page sd-page-fill">
      <PageHeader
        title="Mapping templates"
        subtitle={loaded && templates.length > 0 ? `${templates.length} template${templates.length === 1 ? '' : 's'}` : undefined}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useMappingsStore.getState().load()} />
            <RoleButton action="templates:save" data-testid="template-new" icon="add" size="small" intent="primary" text="New template" onClick={() => navigate({ name: 'mappings', templateId: 'new' })} />
          </>
        }
      />
      {loadError && (
        <Callout intent="danger" title="Could not load everything the templates need" className="sd-block sd-compact-callout">
          {loadError.message}
        </Callout>
      )}
      <VirtualTable
        rows={templates}
        columns={COLUMNS}
        rowKey={(t) => t.id}
        rowTestId="template-list-row"
        rowAttributes={(t) => ({ 'data-id': String(t.id) })}
        onRowClick={onRowClick}
        loading={!loaded}
        hasMore={false}
        onEndReached={noop}
        empty={
          <EmptyTable
            title="No mapping templates yet"
            description="A template says which case values fill which Enquiry fields when an Enquiry is created or updated, and what comes back from Confirm."
          />
        }
      />
    </div>
  );
}

export function MappingsPage({ templateId }: { templateId?: number | 'new' }) {
  const resyncs = useConnectionStore((s) => s.resyncs);
  useEffect(() => {
    void useMappingsStore.getState().load();
  }, [resyncs]);
  useEffect(() => {
    if (templateId != null && !useMappingsStore.getState().lookups) void useMappingsStore.getState().loadLookups(false);
  }, [templateId]);
  return templateId == null ? <TemplateList /> : <TemplateEditorPage key={templateId} templateId={templateId} />;
}

function noop(): void {}
