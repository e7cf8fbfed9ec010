import { Alert, Button, Callout, HTMLTable, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { RuleView } from '../../../../../src-preload/contract';
import { useConnectionStore } from '../../../api/connection-store';
import { PageHeader } from '../../../components/page-header';
import { showError, showSuccess } from '../../../components/toaster';
import { describeConditions, TRIGGER_LABEL } from './rule-draft';
import { RuleDialog } from './rule-dialog';
import { useRulesStore } from './rules-store';
import { RoleButton } from '../../../components/role-gate';

interface DialogState {
  open: boolean;
  rule: RuleView | null;
}

export function RulesPage() {
  const rules = useRulesStore((s) => s.rules);
  const fields = useRulesStore((s) => s.fields);
  const loaded = useRulesStore((s) => s.loaded);
  const loadError = useRulesStore((s) => s.loadError);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [editing, setEditing] = useState<DialogState>({ open: false, rule: null });
  const [deleting, setDeleting] = useState<RuleView | null>(null);

  useEffect(() => {
    void useRulesStore.getState().load();
  }, [resyncs]);

  const labelOf = (key: string) => (key === 'status' ? 'Status' : key === 'title' ? 'Title' : (fields.find((f) => f.key === key)?.label ?? key));

  async function remove(rule: RuleView) {
    setDeleting(null);
    const result = await useRulesStore.getState().remove(rule.id);
    if (result.ok) showSuccess(`Rule ${rule.name} deleted.`);
    else showError('Deleting the rule', result.error);
  }

  return (
    <div className="sd-page sd-page-scroll">
      <PageHeader
        title="Rules"
        subtitle={loaded && rules.length > 0 ? `${rules.length} rule${rules.length === 1 ? '' : 's'} · ${rules.filter((r) => r.enabled).length} enabled` : undefined}
        actions={
          <>
            <Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={() => void useRulesStore.getState().load()} />
            <RoleButton action="rules:save" data-testid="rule-new" icon="add" size="small" intent="primary" text="New rule" onClick={() => setEditing({ open: true, rule: null })} />
          </>
        }
      />
      <Callout compact icon="info-sign" className="sd-compact-callout sd-rules-note">
        Integrations run as background tasks (retried while Confirm cannot be reached), so later rule actions do not wait for them: the
        Enquiry may be created or updated after those have run.
      </Callout>
      {loadError && (
        <Callout intent="danger" title="Could not load the rules" className="sd-block sd-compact-callout">
          {loadError.message}
        </Callout>
      )}
      {!loaded ? (
        <Spinner size={24} className="sd-block" />
      ) : rules.length === 0 ? (
        <div className="sd-muted sd-block">No rules yet. A rule applies an outgoing mapping template when a case is created, updated or gets an attachment.</div>
      ) : (
        <HTMLTable compact interactive className="sd-table sd-def-table sd-rules-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Trigger</th>
              <th>Conditions</th>
              <th>Apply integration</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id} data-testid="rule-row" data-id={r.id} onClick={() => setEditing({ open: true, rule: r })}>
                <td className="sd-strong">{r.name}</td>
                <td>{TRIGGER_LABEL[r.trigger]}</td>
                <td>{describeConditions(r.conditions, labelOf)}</td>
                <td>{r.templateName}</td>
                <td>
                  <Tag minimal intent={r.enabled ? 'success' : 'none'} className="sd-tag">
                    {r.enabled ? 'enabled' : 'disabled'}
                  </Tag>
                </td>
                <td className="sd-num">
                  <RoleButton
                    action="rules:delete"
                    data-testid="rule-delete"
                    size="small"
                    variant="minimal"
                    icon="trash"
                    aria-label={`Delete ${r.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      setDeleting(r);
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <RuleDialog
        isOpen={editing.open}
        rule={editing.rule}
        nextPosition={rules.reduce((max, r) => Math.max(max, r.position + 1), 0)}
        onClose={() => setEditing((e) => ({ ...e, open: false }))}
      />
      <Alert
        canEscapeKeyCancel
        isOpen={deleting != null}
        intent="danger"
        icon="trash"
        confirmButtonText="Delete"
        cancelButtonText="Cancel"
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      >
        Delete the rule {deleting?.name}? Jobs it already started still run.
      </Alert>
    </div>
  );
}
