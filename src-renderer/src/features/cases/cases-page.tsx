import { Button } from '@blueprintjs/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CaseView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { PageHeader } from '../../components/page-header';
import { EmptyTable, VirtualTable, keysetTableProps } from '../../components/virtual-table';
import { caseColumns } from './case-columns';
import { CaseDetailPanel } from './case-detail';
import { CaseEditor } from './case-editor';
import { subscribeCaseEvents, useCaseList, useCasesStore } from './cases-store';
import { SearchBox } from '../../components/search-box';
import { RoleButton } from '../../components/role-gate';

const searchCases = (q: string) => void useCaseList.getState().setQuery({ q });

function CaseSearch() {
  const q = useCaseList((s) => s.query.q);
  return <SearchBox value={q} onSearch={searchCases} testId="cases-search" placeholder="Search title, description, person…" maxLength={100} />;
}

// The case outlives the open flag so a closing dialog keeps its title through the animation.
interface EditorState {
  open: boolean;
  kase: CaseView | null;
}

export function CasesPage({ caseId }: { caseId?: number }) {
  const list = useCaseList();
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [editor, setEditor] = useState<EditorState>({ open: false, kase: null });

  useEffect(() => subscribeCaseEvents(), []);
  useEffect(() => {
    void useCasesStore.getState().loadFields();
    void useCaseList.getState().reload();
  }, [resyncs]);
  useEffect(() => {
    void useCasesStore.getState().open(caseId ?? null);
  }, [caseId, resyncs]);

  const open = caseId != null;
  const columns = useMemo(() => caseColumns(open), [open]);
  const loadMore = useCallback(() => void useCaseList.getState().loadMore(), []);
  const onRowClick = useCallback((c: CaseView) => navigate({ name: 'cases', caseId: c.id }), []);
  const closeEditor = useCallback(() => setEditor((e) => ({ ...e, open: false })), []);
  const q = list.query.q.trim();

  let subtitle: string | undefined;
  if (list.rows.length > 0) subtitle = `${list.rows.length.toLocaleString()}${list.exhausted ? '' : '+'} case${list.rows.length === 1 ? '' : 's'}${q ? ' matching' : ''} · newest first`;
  else if (list.loading) subtitle = 'Loading…';

  return (
    <div className="sd-page sd-page-fill">
      <PageHeader
        title="Cases"
        subtitle={subtitle}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useCaseList.getState().reload()} />
            <RoleButton action="cases:save" data-testid="case-new" icon="add" size="small" intent="primary" text="New case" onClick={() => setEditor({ open: true, kase: null })} />
          </>
        }
      />
      <div className="sd-filter-bar">
        <div className="sd-filter-row">
          <CaseSearch />
        </div>
      </div>
      <div className="sd-split">
        <div className="sd-split-main">
          <VirtualTable
            {...keysetTableProps(list, loadMore)}
            columns={columns}
            rowKey={(c) => c.id}
            rowTestId="case-row"
            rowAttributes={(c) => ({ 'data-id': String(c.id) })}
            selectedKey={caseId ?? null}
            onRowClick={onRowClick}
            endLabel="End of list"
            empty={
              q ? (
                <EmptyTable title="No cases match" description={`Nothing matches “${q}”.`} />
              ) : (
                <EmptyTable title="No cases yet" description="Create one with New case; rules then raise or update its Enquiry in Confirm." />
              )
            }
          />
        </div>
        <CaseDetailPanel onEdit={() => setEditor({ open: true, kase: useCasesStore.getState().detail?.case ?? null })} />
      </div>
      <CaseEditor isOpen={editor.open} kase={editor.kase} onClose={closeEditor} />
    </div>
  );
}
