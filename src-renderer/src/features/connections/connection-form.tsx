import { Button, Callout, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, ConnectionView, TestResult } from '../../../../src-preload/contract';
import { formatDateTime, formatDuration } from '../../components/format';
import { ConnectionStateTag } from '../../components/status-tags';
import { showSuccess } from '../../components/toaster';
import { draftFromView, isDirty, issuesByField, savePayload, type ConnectionDraft } from './connection-draft';
import type { FieldExtensions } from '../../connectors/registry';
import { useConnectionsStore } from './connections-store';
import { ExtendedField } from './extended-field';
import { FieldInput, SecretInput } from './field-input';

const NONE: FieldExtensions = {};

/** The generic form over main's FieldSpecs; `extensions` are the connector's additions to some of its fields. */
export function ConnectionForm({ view, extensions = NONE }: { view: ConnectionView; extensions?: FieldExtensions }) {
  const [draft, setDraft] = useState<ConnectionDraft>(() => draftFromView(view));
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [testResult, setTestResult] = useState<TestResult | AppError | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const dirty = isDirty(view, draft);

  // Changes made elsewhere (another window, a test that rejected credentials) refresh an untouched form only.
  useEffect(() => {
    setDraft((current) => (isDirty(view, current) ? current : draftFromView(view)));
  }, [view]);

  const id = view.connectorId;
  const { byField, other } = issuesByField(view.fields, saveError?.issues);

  async function save() {
    setBusy('save');
    setSaveError(null);
    const result = await useConnectionsStore.getState().save(savePayload(view, draft));
    setBusy(null);
    if (!result.ok) return setSaveError(result.error);
    setDraft(draftFromView(result.data));
    showSuccess(`${view.displayName}: settings saved.`);
  }

  async function test() {
    setBusy('test');
    setTestResult(null);
    const result = await useConnectionsStore.getState().test(id);
    setBusy(null);
    setTestResult(result.ok ? result.data : result.error);
  }

  const setValue = (key: string, value: string | boolean) => setDraft((d) => ({ ...d, values: { ...d.values, [key]: value } }));
  const setSecret = (key: string, value: string) => setDraft((d) => ({ ...d, secrets: { ...d.secrets, [key]: value } }));
  const setClear = (key: string, clear: boolean) =>
    setDraft((d) => ({
      ...d,
      secrets: { ...d.secrets, [key]: '' },
      clearSecrets: clear ? [...d.clearSecrets, key] : d.clearSecrets.filter((k) => k !== key),
    }));

  return (
    <Section
      data-testid={`connection-${id}`}
      className="sd-connection"
      compact
      title={view.displayName}
      subtitle={view.description}
      rightElement={<ConnectionStateTag state={view.state} />}
    >
      <SectionCard padded>
        {view.sandboxUrl && (
          <Callout intent="primary" icon="lab-test" compact className="sd-compact-callout sd-state-message" data-testid={`sandbox-note-${id}`}>
            Sandbox mode: this connection talks to the built-in simulator at <code>{view.sandboxUrl}</code>; its address and demo
            credentials stand in for the ones below. Turn sandbox mode off in Settings to use your real system.
          </Callout>
        )}
        {view.stateMessage && (
          <Callout intent={view.state === 'ready' ? 'primary' : 'warning'} compact className="sd-compact-callout sd-state-message">
            {view.stateMessage}
          </Callout>
        )}
        <div className="sd-form-grid">
          {view.fields.map((field) =>
            field.kind === 'secret' ? (
              <SecretInput
                key={field.key}
                connectorId={id}
                field={field}
                stored={view.secrets[field.key] ?? 'not set'}
                typed={draft.secrets[field.key] ?? ''}
                clearing={draft.clearSecrets.includes(field.key)}
                onType={(v) => setSecret(field.key, v)}
                onClear={(c) => setClear(field.key, c)}
                errors={byField[field.key]}
                disabled={busy === 'save'}
              />
            ) : extensions[field.key] ? (
              <ExtendedField
                key={field.key}
                view={view}
                field={field}
                extension={extensions[field.key]}
                value={draft.values[field.key]}
                onChange={(v) => setValue(field.key, v)}
                errors={byField[field.key]}
                disabled={busy === 'save'}
              />
            ) : (
              <FieldInput
                key={field.key}
                connectorId={id}
                field={field}
                value={draft.values[field.key]}
                onChange={(v) => setValue(field.key, v)}
                errors={byField[field.key]}
                disabled={busy === 'save'}
              />
            ),
          )}
        </div>
        {saveError && (
          <Callout intent="danger" title="Not saved" compact className="sd-compact-callout" data-testid={`save-error-${id}`}>
            {saveError.message}
            {other.length > 0 && (
              <ul className="sd-issues">
                {other.map((i) => (
                  <li key={`${i.path}:${i.message}`}>{i.path ? `${i.path}: ${i.message}` : i.message}</li>
                ))}
              </ul>
            )}
          </Callout>
        )}
        {testResult && <TestOutcome result={testResult} connectorId={id} />}
      </SectionCard>
      <SectionCard padded className="sd-form-footer">
        <span className="sd-muted">
          {dirty ? 'Unsaved changes' : view.updatedAt ? `Saved ${formatDateTime(view.updatedAt)}` : 'Default settings'}
        </span>
        <span className="sd-inline">
          <Button data-testid={`test-${id}`} icon="exchange" size="small" text="Test connection" loading={busy === 'test'} disabled={busy !== null} onClick={() => void test()} />
          <Button
            data-testid={`save-${id}`}
            icon="floppy-disk"
            size="small"
            intent={dirty ? 'primary' : 'none'}
            text="Save"
            loading={busy === 'save'}
            disabled={busy !== null}
            onClick={() => void save()}
          />
        </span>
      </SectionCard>
    </Section>
  );
}

function TestOutcome({ result, connectorId }: { result: TestResult | AppError; connectorId: string }) {
  const passed = 'ok' in result && result.ok;
  const message = 'durationMs' in result ? `${result.message} (${formatDuration(result.durationMs)})` : result.message;
  return (
    <Callout intent={passed ? 'success' : 'danger'} compact icon={passed ? 'tick-circle' : 'error'} className="sd-compact-callout" data-testid={`test-result-${connectorId}`}>
      {passed ? 'Connection works: ' : 'Connection failed: '}
      {message}
    </Callout>
  );
}
