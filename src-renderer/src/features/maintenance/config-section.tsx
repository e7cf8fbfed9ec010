import { Button, Callout, FileInput, FormGroup, HTMLTable, InputGroup, Section, SectionCard, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ConfigPreview, ConnectionView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { ErrorBody } from '../../components/field-issues';
import { formatDateTime } from '../../components/format';
import { CHANGE_LABELS, configFileProblem, KIND_LABELS, orderedChanges, previewHeadline, secretsToSend, unansweredSecrets, type SecretAnswers } from './maintenance-text';
import { useMaintenanceStore } from './maintenance-store';
import { RoleButton, RoleControl } from '../../components/role-gate';

const INTENT = { added: 'success', changed: 'warning', unchanged: 'none', not_applied: 'danger' } as const;

function PreviewTable({ preview }: { preview: ConfigPreview }) {
  return (
    <HTMLTable compact striped className="sd-full-width" data-testid="config-preview-table">
      <thead>
        <tr>
          <th>What</th>
          <th>Name</th>
          <th>On import</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {orderedChanges(preview.changes).map((c) => (
          <tr key={`${c.kind}/${c.key}`} data-change={c.change}>
            <td>{KIND_LABELS[c.kind]}</td>
            <td>{c.key}</td>
            <td>
              <Tag minimal intent={INTENT[c.change]} className="sd-tag">
                {CHANGE_LABELS[c.change]}
              </Tag>
            </td>
            <td className="sd-wrap-cell">{c.detail ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}

function MissingSecrets({ preview, answers, onChange }: { preview: ConfigPreview; answers: SecretAnswers; onChange(a: SecretAnswers): void }) {
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void settle(api().connectionsList({})).then((r) => {
      if (r.ok) setLabels(new Map(r.data.flatMap((c: ConnectionView) => c.fields.map((f) => [`${c.connectorId}/${f.key}`, f.label] as const))));
    });
  }, []);
  if (!preview.missingSecrets.length) return null;
  return (
    <Callout intent="primary" icon="key" title="Secrets the file cannot carry" className="sd-block" data-testid="config-missing-secrets">
      <p>A configuration file never holds passwords or keys. Type them here to store them in this machine&apos;s keychain with the import, or later on each connection&apos;s page.</p>
      <div className="sd-form-grid">
        {preview.missingSecrets.flatMap((m) =>
          m.fields.map((f) => {
            const label = `${m.connectorName}: ${labels.get(`${m.connectorId}/${f}`) ?? f}`;
            return (
              <FormGroup key={`${m.connectorId}/${f}`} label={label} className="sd-field">
                <InputGroup
                  type="password"
                  autoComplete="new-password"
                  maxLength={4096}
                  aria-label={label}
                  data-testid={`config-secret-${m.connectorId}-${f}`}
                  value={answers[m.connectorId]?.[f] ?? ''}
                  onValueChange={(v) => onChange({ ...answers, [m.connectorId]: { ...answers[m.connectorId], [f]: v } })}
                />
              </FormGroup>
            );
          }),
        )}
      </div>
    </Callout>
  );
}

export function ConfigSection() {
  const busy = useMaintenanceStore((s) => s.busy);
  const chosen = useMaintenanceStore((s) => s.chosen);
  const preview = useMaintenanceStore((s) => s.preview);
  const previewError = useMaintenanceStore((s) => s.previewError);
  const imported = useMaintenanceStore((s) => s.imported);
  const [answers, setAnswers] = useState<SecretAnswers>({});
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  // The file last chosen, on the section, so that a reader (a test, an accessibility tool) knows which file the messages are about.
  const [lastFile, setLastFile] = useState<string | null>(null);
  const unanswered = preview ? unansweredSecrets(preview, answers) : [];
  const applies = preview ? preview.changes.filter((c) => c.change === 'added' || c.change === 'changed').length : 0;

  const choose = async (file: File | undefined) => {
    setAnswers({});
    setLastFile(file?.name ?? null);
    // The last file's preview or refusal goes at once: what shows from here on is about this file.
    useMaintenanceStore.getState().clearConfig();
    if (!file) return;
    const problem = configFileProblem(file);
    setFileProblem(problem);
    if (problem) return;
    await useMaintenanceStore.getState().previewConfig({ fileName: file.name, text: await file.text() });
  };

  return (
    <Section
      compact
      title="Configuration"
      icon="exchange"
      subtitle="Move a setup between machines, or from sandbox to live: connections (without secrets), mapping templates, rules, References, case fields, email templates and schedules, as one file."
      data-testid="maintenance-config"
      data-file={lastFile ?? undefined}
      data-busy={busy === 'preview' ? 'true' : 'false'}
      rightElement={<RoleButton action="ops:export-config" size="small" icon="export" text="Export configuration" loading={busy === 'export'} onClick={() => void useMaintenanceStore.getState().exportConfig()} data-testid="config-export" />}
    >
      <SectionCard padded>
        <FormGroup
          label="Import a configuration file"
          labelFor="sd-config-file"
          intent={fileProblem ? 'danger' : 'none'}
          helperText={fileProblem ?? 'You see what would change before anything is applied.'}
          className="sd-field"
        >
          <RoleControl action="ops:preview-config">
            {(can) => (
              <FileInput
                text={chosen?.fileName ?? 'Choose a SyncDesk configuration file…'}
                hasSelection={chosen !== null}
                buttonText="Browse"
                disabled={!can.allowed}
                inputProps={{ id: 'sd-config-file', accept: '.json,application/json', 'aria-label': 'Configuration file to import', 'data-testid': 'config-file', 'data-action': can.action } as never}
                onInputChange={(e) => void choose((e.currentTarget as HTMLInputElement).files?.[0])}
              />
            )}
          </RoleControl>
        </FormGroup>
        {previewError && (
          <Callout intent="danger" compact title="This file cannot be imported" data-testid="config-preview-error">
            <ErrorBody error={previewError} />
          </Callout>
        )}
        {imported && (
          <Callout intent="success" compact title={`Imported ${imported.applied} item${imported.applied === 1 ? '' : 's'}`} data-testid="config-imported">
            {previewHeadline(imported)}. {unansweredSecrets(imported, {}).length ? `Still to type on the connection pages: ${unansweredSecrets(imported, {}).join(', ')}.` : ''}
          </Callout>
        )}
      </SectionCard>
      {preview && chosen && (
        <SectionCard padded data-testid="config-preview">
          <div className="sd-block">
            <strong>{chosen.fileName}</strong> <span className="sd-muted">exported {formatDateTime(preview.exportedAt)} by SyncDesk {preview.appVersion}</span>
            <div data-testid="config-preview-headline">{previewHeadline(preview)}.</div>
          </div>
          <MissingSecrets preview={preview} answers={answers} onChange={setAnswers} />
          <PreviewTable preview={preview} />
          <div className="sd-inline sd-block">
            <RoleButton
              action="ops:import-config"
              intent="primary"
              text={applies ? `Import ${applies} change${applies === 1 ? '' : 's'}` : 'Nothing to import'}
              disabled={applies === 0 && !Object.keys(secretsToSend(answers)).length}
              loading={busy === 'import'}
              onClick={() => void useMaintenanceStore.getState().importConfig(secretsToSend(answers))}
              data-testid="config-import"
            />
            <Button minimal text="Cancel" onClick={() => useMaintenanceStore.getState().clearConfig()} />
            {unanswered.length > 0 && <span className="sd-muted">Without them, these stay unset: {unanswered.join(', ')}.</span>}
          </div>
        </SectionCard>
      )}
    </Section>
  );
}
