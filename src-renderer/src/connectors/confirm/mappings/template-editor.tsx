import { Button, Callout, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { TEMPLATE_TYPES, type AppError, type IssueView, type TemplateType } from '../../../../../src-preload/contract';
import { ErrorDetails, messageFor } from '../../../components/field-issues';
import type { EnquiryFieldOption } from './enquiry-side';
import { IssueList, MappingRow } from './mapping-row';
import { useMappingsStore } from './mappings-store';
import { draftHints, mandatoryAttributeHints } from './template-hints';
import { addRow, changeType, moveRow, placeIssues, removeRow, replaceRow, TEMPLATE_TYPE_LABEL, type TemplateDraft } from './template-draft';

interface TemplateEditorProps {
  draft: TemplateDraft;
  error: AppError | null;
  onChange(draft: TemplateDraft): void;
}

export function TemplateEditor({ draft, error, onChange }: TemplateEditorProps) {
  const references = useMappingsStore((s) => s.references);
  const caseFields = useMappingsStore((s) => s.caseFields);
  const catalog = useMappingsStore((s) => s.catalog);
  const lookups = useMappingsStore((s) => s.lookups);
  const placed = placeIssues(error?.issues, draft.rows.length);
  const hints = draftHints(draft, catalog);
  const mandatory = mandatoryAttributeHints(draft, lookups);

  let fields: readonly EnquiryFieldOption[] = [];
  if (catalog) fields = draft.type === 'create_enquiry' ? catalog.outgoingCreate : draft.type === 'update_enquiry' ? catalog.outgoingUpdate : catalog.incoming;
  const msg = (issues: IssueView[]) => messageFor(issues, 'name', { name: 'Name' });
  const incoming = draft.type === 'enquiry_updated';

  return (
    <div className="sd-template-editor">
      <div className="sd-template-head">
        <FormGroup className="sd-field" label="Name" labelFor="template-name" intent={placed.name.length ? Intent.DANGER : Intent.NONE} helperText={msg(placed.name)}>
          <InputGroup
            id="template-name"
            data-testid="template-name"
            size="small"
            maxLength={120}
            intent={placed.name.length ? Intent.DANGER : Intent.NONE}
            value={draft.name}
            onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
          />
        </FormGroup>
        <FormGroup className="sd-field" label="Type" labelFor="template-type">
          <HTMLSelect id="template-type" data-testid="template-type" fill value={draft.type} onChange={(e) => onChange(changeType(draft, e.currentTarget.value as TemplateType))}>
            {TEMPLATE_TYPES.map((t) => (
              <option key={t} value={t}>
                {TEMPLATE_TYPE_LABEL[t]}
              </option>
            ))}
          </HTMLSelect>
        </FormGroup>
      </div>

      <div className="sd-section-label">Mappings</div>
      <div className={`sd-mapping-row sd-reference-row${placed.reference.length ? ' has-issues' : ''}`}>
        <div className="sd-mapping-index">
          <span className="sd-muted">Ref</span>
        </div>
        <div className="sd-mapping-sides">
          <div className="sd-row-side">
            <span className="sd-row-caption">Reference</span>
            <HTMLSelect
              className="sd-reference-select"
              data-testid="template-reference"
              aria-label="Reference"
              value={draft.referenceId ?? ''}
              onChange={(e) => onChange({ ...draft, referenceId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
            >
              <option value="">Choose a Reference…</option>
              {references.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </HTMLSelect>
            <span className="sd-muted sd-row-note">
              {draft.type === 'create_enquiry'
                ? 'The new Enquiry number is stored here.'
                : draft.type === 'update_enquiry'
                  ? 'The Enquiry to update is the one whose number is held here.'
                  : 'Applied to updates for the Enquiry whose number is held here.'}
            </span>
          </div>
          <IssueList issues={placed.reference} />
          {references.length === 0 && <div className="sd-danger-text">No References yet: define one under References first.</div>}
        </div>
      </div>
      <div className="sd-mapping-legend sd-muted">
        {incoming ? 'Enquiry value → where it is stored on the case' : 'Case value → Enquiry field or attribute'}
      </div>
      <IssueList issues={placed.rows} />
      {draft.rows.map((row, index) => (
        <MappingRow
          key={row.uid}
          index={index}
          count={draft.rows.length}
          row={row}
          rows={draft.rows}
          fields={fields}
          caseFields={caseFields}
          lookups={lookups}
          issues={placed.byRow.get(index)}
          onChange={(next) => onChange(replaceRow(draft, index, next))}
          onMove={(by) => onChange(moveRow(draft, index, by))}
          onRemove={() => onChange(removeRow(draft, index))}
        />
      ))}
      <Button data-testid="template-add-row" className="sd-add-row" size="small" icon="add" text="Add another" onClick={() => onChange(addRow(draft))} />

      {mandatory.length > 0 && (
        <Callout intent="warning" compact icon="warning-sign" title="Mandatory in Confirm" className="sd-compact-callout" data-testid="template-mandatory">
          {mandatory.map((h) => (
            <div key={h}>{h}</div>
          ))}
          <div className="sd-muted">Checked against the lookups fetched {lookups?.fromCache ? 'earlier (cached)' : 'from Confirm'}.</div>
        </Callout>
      )}
      {hints.length > 0 && (
        <Callout intent="warning" compact icon="info-sign" className="sd-compact-callout" data-testid="template-hints">
          {hints.map((h) => (
            <div key={h}>{h}</div>
          ))}
        </Callout>
      )}
      {error && (
        <Callout intent="danger" compact title="Not saved" className="sd-compact-callout" data-testid="template-error">
          {/* Problems marked beside their rows and fields are not repeated here; the headline says where they are. */}
          {error.issues?.length && placed.other.length === 0 ? 'Fix what is marked above, then save again.' : error.message}
          <IssueList issues={placed.other} />
          <ErrorDetails detail={error.detail} />
        </Callout>
      )}
    </div>
  );
}
