import { Button, Callout, HTMLTable, Section, SectionCard, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { CaseFieldDef, ReferenceDef } from '../../../../../src-preload/contract';
import { useConnectionStore } from '../../../api/connection-store';
import { PageHeader } from '../../../components/page-header';
import { CaseFieldDialog } from './case-field-dialog';
import { KIND_LABEL } from './case-field-form';
import { ReferenceDialog } from './reference-dialog';
import { useReferencesStore } from './references-store';
import { RoleButton } from '../../../components/role-gate';

// The edited item outlives the open flag so a closing dialog keeps its title through the animation.
interface DialogState<T> {
  open: boolean;
  target: T | null;
}

function ReferencesSection({ onEdit }: { onEdit(r: ReferenceDef | null): void }) {
  const references = useReferencesStore((s) => s.references);
  return (
    <Section
      compact
      title="References"
      icon="tag"
      subtitle="Fields that hold an Enquiry number on a case. Each mapping template names the Reference it stores or finds its Enquiry in."
      rightElement={<RoleButton action="references:save" data-testid="reference-new" size="small" icon="add" intent="primary" text="New Reference" onClick={() => onEdit(null)} />}
    >
      <SectionCard padded={references.length === 0}>
        {references.length === 0 ? (
          <div className="sd-muted">No References yet. Most setups need one: Enquiry Number, shown on case details.</div>
        ) : (
          <HTMLTable compact interactive className="sd-table sd-def-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Shown on cases</th>
              </tr>
            </thead>
            <tbody>
              {references.map((r) => (
                <tr key={r.id} data-testid="reference-row" data-id={r.id} onClick={() => onEdit(r)}>
                  <td className="sd-strong">{r.name}</td>
                  <td>{r.showOnCase ? 'yes' : <span className="sd-muted">no</span>}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        )}
      </SectionCard>
    </Section>
  );
}

function CaseFieldsSection({ onEdit }: { onEdit(f: CaseFieldDef | null): void }) {
  const fields = useReferencesStore((s) => s.fields);
  return (
    <Section
      compact
      title="Case fields"
      icon="properties"
      subtitle="The typed fields every case has. Templates map them to Enquiry fields and attributes; rules test them."
      rightElement={<RoleButton action="case-fields:save" data-testid="case-field-new" size="small" icon="add" intent="primary" text="New case field" onClick={() => onEdit(null)} />}
    >
      <SectionCard padded={fields.length === 0}>
        {fields.length === 0 ? (
          <div className="sd-muted">No case fields yet: cases have a title, description, status, dates, a person and an address.</div>
        ) : (
          <HTMLTable compact interactive className="sd-table sd-def-table">
            <thead>
              <tr>
                <th>Label</th>
                <th>Key</th>
                <th>Kind</th>
                <th>Choices</th>
                <th className="sd-num">Position</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.id} data-testid="case-field-row" data-key={f.key} onClick={() => onEdit(f)}>
                  <td className="sd-strong">
                    {f.label}
                    {f.required && (
                      <Tag minimal className="sd-tag sd-tag-gap">
                        required
                      </Tag>
                    )}
                  </td>
                  <td className="sd-mono-cell">{f.key}</td>
                  <td>{KIND_LABEL[f.kind]}</td>
                  <td className="sd-ellipsis sd-choices" title={f.options.join(', ')}>
                    {f.options.join(', ') || <span className="sd-muted">—</span>}
                  </td>
                  <td className="sd-num">{f.position}</td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        )}
      </SectionCard>
    </Section>
  );
}

export function ReferencesPage() {
  const loaded = useReferencesStore((s) => s.loaded);
  const loadError = useReferencesStore((s) => s.loadError);
  const fields = useReferencesStore((s) => s.fields);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const [reference, setReference] = useState<DialogState<ReferenceDef>>({ open: false, target: null });
  const [field, setField] = useState<DialogState<CaseFieldDef>>({ open: false, target: null });

  useEffect(() => {
    void useReferencesStore.getState().load();
  }, [resyncs]);

  return (
    <div className="sd-page sd-page-scroll">
      <PageHeader title="References and case fields" />
      {loadError && (
        <Callout intent="danger" title="Could not load the definitions" className="sd-block sd-compact-callout">
          {loadError.message}
        </Callout>
      )}
      {!loaded ? (
        <Spinner size={24} className="sd-block" />
      ) : (
        <div className="sd-stack">
          <ReferencesSection onEdit={(target) => setReference({ open: true, target })} />
          <CaseFieldsSection onEdit={(target) => setField({ open: true, target })} />
        </div>
      )}
      <ReferenceDialog isOpen={reference.open} reference={reference.target} onClose={() => setReference((d) => ({ ...d, open: false }))} />
      <CaseFieldDialog
        isOpen={field.open}
        field={field.target}
        nextPosition={fields.reduce((max, f) => Math.max(max, f.position + 1), 0)}
        onClose={() => setField((d) => ({ ...d, open: false }))}
      />
    </div>
  );
}
