import { Button, Callout, Classes, FormGroup, InputGroup, Radio, RadioGroup, Section, SectionCard, Tab, Tabs, Tag } from '@blueprintjs/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { AppError, ConnectionView, FieldGroup, FieldSpec, TestResult } from '../../../../src-preload/contract';
import { formatDateTime, formatDuration } from '../../components/format';
import { ConnectionStateTag } from '../../components/status-tags';
import { currentScreen, showSuccess, withdrawSuccess } from '../../components/toaster';
import { ErrorBody } from '../../components/field-issues';
import { draftFromView, isDirty, issuesByField, savePayload, type ConnectionDraft } from './connection-draft';
import type { FieldExtensions } from '../../connectors/registry';
import { useConnectionsStore } from './connections-store';
import { ExtendedField } from './extended-field';
import { FieldInput, SecretInput } from './field-input';
import { fieldsOfTab, setBySimulator, storedSecret, tabOfIssue, tabsOf, TAB_LABELS, type ConnectionTab } from './connection-tabs';
import { RoleButton } from '../../components/role-gate';
import { CheckControl } from '../../components/check-control';

const NONE: FieldExtensions = {};

interface ConnectionFormProps {
  view: ConnectionView;
  extensions?: FieldExtensions;
  /** The tab shown; the page keeps it in the URL. */
  tab?: ConnectionTab;
  onTab?(tab: ConnectionTab): void;
  /** The Data tab's content (the connector's downloads, browse, export), or null when it brings none. */
  data?: ReactNode;
}

/**
 * One connection's page over main's FieldSpecs, its fields on the tabs their connector gives them; `extensions` are
 * the connector's additions to some fields. One draft spans the tabs: Save sends them all.
 */
export function ConnectionForm({ view, extensions = NONE, tab: shownTab, onTab, data = null }: ConnectionFormProps) {
  const [ownTab, setOwnTab] = useState<ConnectionTab>('connection');
  const tab = shownTab ?? ownTab;
  const openTab = (t: ConnectionTab) => (onTab ? onTab(t) : setOwnTab(t));
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
  const { byField, other, labels } = issuesByField(view.fields, saveError?.issues);

  async function save() {
    setBusy('save');
    setSaveError(null);
    const startedOn = currentScreen();
    const result = await useConnectionsStore.getState().save(savePayload(view, draft));
    setBusy(null);
    if (!result.ok) {
      // An earlier save's toast must not stand beside "Not saved".
      withdrawSuccess();
      setSaveError(result.error);
      // The first field named in the refusal is where the user looks next.
      const first = result.error.issues?.map((i) => tabOfIssue(view.fields, i.path)).find((g) => g !== null);
      if (first && first !== tab) openTab(first);
      return;
    }
    setDraft(draftFromView(result.data));
    showSuccess(`${view.displayName}: settings saved.`, undefined, { startedOn });
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

  function renderField(field: FieldSpec) {
    if (setBySimulator(view, field.key, draft.sandboxTarget ?? null)) return <SimulatorField key={field.key} connectorId={id} field={field} value={view.values[field.key]} />;
    if (field.kind === 'secret')
      return (
        <SecretInput
          key={field.key}
          connectorId={id}
          field={field}
          stored={storedSecret(view, field.key, draft.sandboxTarget ?? null)}
          keychainReachable={view.keychainReachable}
          typed={draft.secrets[field.key] ?? ''}
          clearing={draft.clearSecrets.includes(field.key)}
          onType={(v) => setSecret(field.key, v)}
          onClear={(c) => setClear(field.key, c)}
          errors={byField[field.key]}
          disabled={busy === 'save'}
        />
      );
    const extension = extensions[field.key];
    if (extension)
      return (
        <ExtendedField
          key={field.key}
          view={view}
          field={field}
          extension={extension}
          value={draft.values[field.key]}
          onChange={(v) => setValue(field.key, v)}
          errors={byField[field.key]}
          disabled={busy === 'save'}
        />
      );
    return (
      <FieldInput
        key={field.key}
        connectorId={id}
        field={field}
        value={draft.values[field.key]}
        onChange={(v) => setValue(field.key, v)}
        errors={byField[field.key]}
        disabled={busy === 'save'}
      />
    );
  }

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
        {view.stateMessage && (
          <Callout intent={view.state === 'ready' ? 'primary' : 'warning'} compact className="sd-compact-callout sd-state-message">
            {view.stateMessage}
          </Callout>
        )}
        <Tabs id={`connection-tabs-${id}`} selectedTabId={tab} onChange={(t) => openTab(t as ConnectionTab)} animate={false}>
          {tabsOf(view, data !== null).map((t) => (
            <Tab key={t} id={t} title={TAB_LABELS[t]} data-testid={`tab-${id}-${t}`} />
          ))}
        </Tabs>
        {/* The tab strip's panel, under the ids Blueprint's selected tab points at (aria-controls, labelledby). */}
        <div
          className="sd-connection-tab"
          data-testid={`tab-panel-${id}-${tab}`}
          role="tabpanel"
          id={`${Classes.TAB_PANEL}_connection-tabs-${id}_${tab}`}
          aria-labelledby={`${Classes.TAB}-title_connection-tabs-${id}_${tab}`}
        >
          {tab === 'connection' && draft.sandboxTarget && view.sandbox?.simulatorUrl && (
            <SandboxChoice
              connectorId={id}
              simulatorUrl={view.sandbox.simulatorUrl}
              target={draft.sandboxTarget}
              disabled={busy === 'save'}
              onChange={(t) => setDraft((d) => ({ ...d, sandboxTarget: t }))}
            />
          )}
          {tab === 'data' ? (
            data
          ) : tab === 'advanced' ? (
            <Section compact collapsible collapseProps={{ defaultIsOpen: false }} title="Wire details" subtitle="Paging, parameter names, overlaps and timeouts: change them only when your system differs from the defaults." data-testid={`advanced-${id}`}>
              <SectionCard padded>
                <div className="sd-form-grid">{fieldsOfTab(view.fields, 'advanced').map(renderField)}</div>
              </SectionCard>
            </Section>
          ) : (
            <div className="sd-form-grid">{fieldsOfTab(view.fields, tab as FieldGroup).map(renderField)}</div>
          )}
        </div>
        {saveError && (
          <Callout intent="danger" title="Not saved" compact className="sd-compact-callout" data-testid={`save-error-${id}`}>
            <ErrorBody error={saveError} other={other} labels={labels} />
          </Callout>
        )}
        {testResult && <TestOutcome result={testResult} connectorId={id} />}
      </SectionCard>
      {tab !== 'data' && (
      <SectionCard padded className="sd-form-footer">
        <span className="sd-muted">
          {dirty ? 'Unsaved changes' : view.updatedAt ? `Saved ${formatDateTime(view.updatedAt)}` : 'Default settings'}
        </span>
        <span className="sd-inline">
          <RoleButton action="connections:test" data-testid={`test-${id}`} icon="exchange" size="small" text="Test connection" loading={busy === 'test'} disabled={busy !== null} onClick={() => void test()} />
          <RoleButton
            action="connections:save"
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
      )}
    </Section>
  );
}

/** Sandbox mode, per connection: the simulator, or the address typed here (tested before saving, as in live mode). */
function SandboxChoice(props: { connectorId: string; simulatorUrl: string; target: 'simulator' | 'typed'; disabled: boolean; onChange(t: 'simulator' | 'typed'): void }) {
  return (
    <RadioGroup
      className="sd-sandbox-choice"
      label="Sandbox mode: this connection talks to"
      selectedValue={props.target}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.currentTarget.value === 'typed' ? 'typed' : 'simulator')}
    >
      <Radio value="simulator" data-testid={`sandbox-target-${props.connectorId}-simulator`}>
        the built-in simulator at <code>{props.simulatorUrl}</code> (its address and demo credentials are filled in for you)
      </Radio>
      <Radio value="typed" data-testid={`sandbox-target-${props.connectorId}-typed`}>
        the address typed below (checked and tested when you save, as outside sandbox mode)
      </Radio>
    </RadioGroup>
  );
}

/** A field the simulator sets while the connection uses it: shown, never editable, never silently replaced. */
function SimulatorField({ connectorId, field, value }: { connectorId: string; field: FieldSpec; value: unknown }) {
  // One tag, placed beside a switch or beside a label (where it lines up with the label's text).
  const simulatorTag = (place: 'inline' | 'label') => (
    <Tag minimal intent="primary" className={place === 'label' ? 'sd-tag sd-label-tag' : 'sd-tag'}>
      set by the simulator
    </Tag>
  );
  if (field.kind === 'boolean')
    return (
      <FormGroup className="sd-field" helperText={field.help}>
        <div className="sd-inline" data-testid={`field-${connectorId}-${field.key}`} data-simulator="true">
          <CheckControl kind="switch" checked={value === true} onChange={() => undefined} label={field.label} disabled />
          {simulatorTag('inline')}
        </div>
      </FormGroup>
    );
  const shown = field.kind === 'secret' ? 'demo credential' : value == null ? '' : String(value);
  return (
    // The tag sits beside the label, so it never covers the value; the whole value is the input's title too.
    <FormGroup className="sd-field" label={field.label} labelFor={`${connectorId}-${field.key}`} labelInfo={simulatorTag('label')} helperText={field.help}>
      <InputGroup id={`${connectorId}-${field.key}`} data-testid={`field-${connectorId}-${field.key}`} data-simulator="true" size="small" readOnly value={shown} title={shown} />
    </FormGroup>
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
