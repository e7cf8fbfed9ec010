import { Button, Callout, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useState } from 'react';
import { navigate } from '../../app/router';
import { formatDateTime } from '../../components/format';
import type { PendingChangeView } from '../../../../src-preload/contract';
import { historySummary, historyValue, pushedChanges } from './account-format';
import { useAccountStore } from './accounts-store';
import { RoleButton } from '../../components/role-gate';

function SentToErp({ changes }: { changes: readonly PendingChangeView[] }) {
  if (changes.length === 0) return null;
  return (
    <>
      <div className="sd-section-label">Changes sent to the ERP</div>
      <div className="sd-table-scroll">
        <HTMLTable compact className="sd-table sd-detail-table" data-testid="account-pushed">
          <thead>
            <tr>
              <th>Field</th>
              <th>Value sent</th>
              <th>With order</th>
              <th>Sent</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((p) => (
              <tr key={p.id} data-testid="pushed-change" data-field={p.field}>
                <td className="sd-strong">{p.label}</td>
                <td>{historyValue(p.value)}</td>
                <td className="sd-mono-cell">{p.orderNumber ?? <span className="sd-muted">—</span>}</td>
                <td className="sd-nowrap">{formatDateTime(p.pushedAt)}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </>
  );
}

/** What ERP syncs changed on the account, field by field, the web edits they overwrote, and the edits sent. */
export function HistoryTab() {
  const detail = useAccountStore((s) => s.detail);
  const sent = detail ? pushedChanges(detail) : [];
  const history = useAccountStore((s) => s.history);
  const error = useAccountStore((s) => s.historyError);
  const [reapplying, setReapplying] = useState<number | null>(null);

  if (error) {
    return (
      <Callout intent="danger" compact className="sd-compact-callout">
        Could not read the history: {error.message}{' '}
        <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => void useAccountStore.getState().loadHistory()} />
      </Callout>
    );
  }
  if (!history) return <Spinner size={20} className="sd-block" />;
  if (history.length === 0) {
    return (
      <div className="sd-account-history">
        <div className="sd-muted" data-testid="history-empty">No ERP sync has changed this account yet. When one does, each field it changes is listed here.</div>
        <SentToErp changes={sent} />
      </div>
    );
  }

  return (
    <div className="sd-account-history" data-testid="account-history">
      <div className="sd-muted sd-history-note">The ERP is the data of record: its sync overwrites a field changed here. A change that was overwritten before an order carried it to the ERP is marked lost, and can be re-applied.</div>
      <div className="sd-table-scroll">
        <HTMLTable compact className="sd-table sd-detail-table">
          <thead>
            <tr>
              <th>Field</th>
              <th>Web value</th>
              <th>ERP value</th>
              <th>When</th>
              <th>Sync run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id} data-testid="history-row" data-field={h.field} data-lost={String(h.lost)} title={historySummary(h)} className={h.lost ? 'sd-history-lost' : undefined}>
                <td className="sd-strong">{h.label}</td>
                <td>
                  <span className={h.lost ? 'sd-lost-value' : undefined}>{historyValue(h.webValue)}</span>
                  {h.lost && (
                    <Tag minimal intent="danger" className="sd-tag sd-tag-gap" data-testid="history-lost">
                      lost
                    </Tag>
                  )}
                </td>
                <td className="sd-strong">{historyValue(h.erpValue)}</td>
                <td className="sd-nowrap">{formatDateTime(h.at)}</td>
                <td>
                  {h.runId != null ? (
                    <a href={`#/runs/${h.runId}`} data-testid="history-run" onClick={(e) => (e.preventDefault(), navigate({ name: 'run', runId: h.runId! }))}>
                      run #{h.runId}
                    </a>
                  ) : (
                    <span className="sd-muted">—</span>
                  )}
                </td>
                <td>
                  {h.lost && h.changeId != null && h.canReapply && (
                    <RoleButton
                      action="accounts:reapply"
                      data-testid="history-reapply"
                      size="small"
                      icon="redo"
                      text="Re-apply"
                      title="Queue the web value again: it goes to the ERP with the next order"
                      loading={reapplying === h.changeId}
                      onClick={() => {
                        setReapplying(h.changeId);
                        void useAccountStore.getState().reapply(h.changeId!).finally(() => setReapplying(null));
                      }}
                    />
                  )}
                  {h.lost && !h.canReapply && <span className="sd-muted">re-applied</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
      <SentToErp changes={sent} />
    </div>
  );
}
