import { ErrorBody } from '../../components/field-issues';
import { Button, Callout, FormGroup, HTMLSelect, InputGroup, Intent, Section, SectionCard, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState, type ReactNode } from 'react';
import { channels, limitsOfShape, type AppError, type MailSettingsView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { PageHeader } from '../../components/page-header';
import { showSuccess } from '../../components/toaster';
import {
  draftFromMailView,
  isMailDirty,
  mailIssuesByField,
  MAIL_LABELS,
  mailSavePayload,
  passwordState,
  SECURITY_CHOICES,
  withSecurity,
  type MailDraft,
  type MailField,
} from './mail-settings-draft';
import { useMailStore } from './mail-store';
import { TestEmailSection } from './test-email-section';
import { RoleButton } from '../../components/role-gate';
import { useCan } from '../../api/staff-store';

/** Sandbox mode, said plainly: where every email goes instead (on Email settings, and on Sent mail). */
export function SandboxMailNote({ catcherUrl, on }: { catcherUrl: string | null; on: 'settings' | 'sent-mail' }) {
  return (
    <Callout intent="primary" icon="lab-test" compact className="sd-compact-callout sd-block" data-testid={on === 'settings' ? 'mail-sandbox-note' : 'sent-mail-sandbox-note'}>
      <strong>Sandbox mode: every email goes to the sandbox&apos;s SMTP catcher</strong>
      {catcherUrl ? (
        <>
          {' '}
          at <code data-testid="mail-catcher-url">{catcherUrl}</code>
        </>
      ) : null}
      {on === 'settings' ? (
        <>
          , whatever the settings below say; nothing reaches a real mailbox. Read what it caught under{' '}
          <a href="#/sent-mail" onClick={(e) => (e.preventDefault(), navigate({ name: 'sent-mail' }))}>
            Sent mail
          </a>
          .
        </>
      ) : (
        '; nothing reaches a real mailbox. Below is what it caught: open a message to see it as the customer would.'
      )}{' '}
      Turn sandbox mode off in Settings to send through your SMTP server.
    </Callout>
  );
}

export function MailSettingsPage() {
  const settings = useMailStore((s) => s.settings);
  const loadError = useMailStore((s) => s.settingsError);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    void useMailStore.getState().loadSettings();
  }, [resyncs]);

  return (
    <div className="sd-page sd-page-scroll" data-testid="email-settings-page">
      <PageHeader title="Email settings" subtitle="The SMTP server and sender of every email the platform sends, welcome emails among them." />
      {loadError && (
        <Callout intent="danger" title="Could not load the email settings" className="sd-block">
          {loadError.message}{' '}
          <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => void useMailStore.getState().loadSettings()} />
        </Callout>
      )}
      {!settings ? (
        !loadError && <Spinner size={24} className="sd-block" />
      ) : (
        <div className="sd-stack">
          {settings.sandbox && <SandboxMailNote catcherUrl={settings.catcherUrl} on="settings" />}
          {!settings.configured && !settings.sandbox && (
            <Callout intent="warning" icon="warning-sign" compact className="sd-compact-callout" data-testid="mail-not-configured">
              Email is not set up yet: no email can be sent until an SMTP host and a From address are saved here.
            </Callout>
          )}
          <MailSettingsForm view={settings} />
          <TestEmailSection sandbox={settings.sandbox} />
        </div>
      )}
    </div>
  );
}

function Field(props: { id: MailField; label: string; help?: ReactNode; errors?: string[]; optional?: boolean; children: ReactNode }) {
  const intent = props.errors?.length ? Intent.DANGER : Intent.NONE;
  return (
    <FormGroup
      className="sd-field"
      label={props.label}
      labelFor={`mail-${props.id}`}
      labelInfo={props.optional ? '(optional)' : ''}
      intent={intent}
      helperText={props.errors?.length ? props.errors.join(' ') : props.help}
    >
      {props.children}
    </FormGroup>
  );
}

// The limits main checks, read from the same contract schema: a box never takes more than a save accepts.
const MAIL_LIMITS = limitsOfShape(channels['mail:save-settings'].input, ['host', 'user', 'fromName', 'fromAddress']);

function MailSettingsForm({ view }: { view: MailSettingsView }) {
  const [draft, setDraft] = useState<MailDraft>(() => draftFromMailView(view));
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [localErrors, setLocalErrors] = useState<Partial<Record<MailField, string>>>({});
  const [saving, setSaving] = useState(false);
  // Enter in a field submits the form: not for a role that may not save.
  const canSave = useCan('mail:save-settings');
  const dirty = isMailDirty(view, draft);

  // A fresher view (a reconnect, another window) refreshes an untouched form only.
  useEffect(() => {
    setDraft((current) => (isMailDirty(view, current) ? current : draftFromMailView(view)));
  }, [view]);

  const { byField, other } = mailIssuesByField(saveError?.issues);
  const errorsOf = (k: MailField) => [...(localErrors[k] ? [localErrors[k]!] : []), ...(byField[k] ?? [])];
  const set = (patch: Partial<MailDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const text = (k: 'host' | 'port' | 'user' | 'fromName' | 'fromAddress' | 'rateLimitPerSecond', extra: { type?: string; placeholder?: string } = {}) => (
    <InputGroup
      id={`mail-${k}`}
      data-testid={`mail-${k}`}
      size="small"
      spellCheck={false}
      intent={errorsOf(k).length ? Intent.DANGER : Intent.NONE}
      disabled={saving}
      maxLength={MAIL_LIMITS[k]?.maxLength}
      value={draft[k]}
      onChange={(e) => set({ [k]: e.currentTarget.value })}
      {...extra}
    />
  );

  async function save() {
    const payload = mailSavePayload(draft);
    setSaveError(null);
    if (!payload.ok) return setLocalErrors(payload.errors);
    setLocalErrors({});
    setSaving(true);
    const result = await useMailStore.getState().save(payload.input);
    setSaving(false);
    if (!result.ok) return setSaveError(result.error);
    setDraft(draftFromMailView(result.data));
    showSuccess('Email settings saved.');
  }

  const security = SECURITY_CHOICES.find((c) => c.value === draft.security)!;
  const pw = passwordState(view, draft);

  return (
    <Section compact icon="envelope" title="SMTP server" className="sd-connection" data-testid="mail-settings">
      <SectionCard padded>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (canSave.allowed) void save();
          }}
        >
          <div className="sd-form-grid">
            <Field id="host" label="SMTP host" help="The server's name, e.g. smtp.example.com." errors={errorsOf('host')}>
              {text('host', { placeholder: 'smtp.example.com' })}
            </Field>
            <Field id="security" label="Security" help={security.help} errors={errorsOf('security')}>
              <HTMLSelect
                id="mail-security"
                data-testid="mail-security"
                fill
                disabled={saving}
                value={draft.security}
                onChange={(e) => setDraft((d) => withSecurity(d, e.currentTarget.value as MailDraft['security']))}
              >
                {SECURITY_CHOICES.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label} (port {c.port})
                  </option>
                ))}
              </HTMLSelect>
            </Field>
            <Field id="port" label="Port" help={`Usually ${security.port} with ${security.label}.`} errors={errorsOf('port')}>
              {text('port', { type: 'number' })}
            </Field>
            <Field id="user" label="User" optional help="Leave empty for a server that takes mail without signing in." errors={errorsOf('user')}>
              {text('user')}
            </Field>
            <Field id="password" label="Password" optional help="Kept in the keychain; it is never shown again. Type a new one to replace it." errors={errorsOf('password')}>
              <div className="sd-secret">
                <InputGroup
                  id="mail-password"
                  data-testid="mail-password"
                  size="small"
                  type="password"
                  autoComplete="new-password"
                  disabled={saving || draft.removePassword}
                  placeholder={view.password === 'set' ? 'Stored in the keychain — type to replace' : 'Not set'}
                  value={draft.password}
                  onChange={(e) => set({ password: e.currentTarget.value })}
                  rightElement={
                    <Tag minimal intent={pw.intent} className="sd-tag" data-testid="mail-password-state">
                      {pw.label}
                    </Tag>
                  }
                />
                {view.password === 'set' && (
                  <Button
                    size="small"
                    variant="minimal"
                    data-testid="mail-remove-password"
                    text={draft.removePassword ? 'Undo' : 'Remove'}
                    disabled={saving}
                    onClick={() => set({ removePassword: !draft.removePassword, password: '' })}
                  />
                )}
              </div>
            </Field>
            <Field id="fromName" label="From name" optional help="How the recipient sees the sender, e.g. your company name." errors={errorsOf('fromName')}>
              {text('fromName')}
            </Field>
            <Field id="fromAddress" label="From address" help="The sender's address, e.g. shop@example.com; replies go there." errors={errorsOf('fromAddress')}>
              {text('fromAddress', { type: 'email', placeholder: 'shop@example.com' })}
            </Field>
            <Field id="rateLimitPerSecond" label="Rate limit (emails a second)" help="At most this many emails a second, so a large import does not trip the server's limits." errors={errorsOf('rateLimitPerSecond')}>
              {text('rateLimitPerSecond', { type: 'number' })}
            </Field>
          </div>
          {saveError && (
            <Callout intent="danger" title="Not saved" compact className="sd-compact-callout" data-testid="mail-save-error">
              <ErrorBody error={saveError} other={other} labels={MAIL_LABELS} />
            </Callout>
          )}
          <button type="submit" hidden />
        </form>
      </SectionCard>
      <SectionCard padded className="sd-form-footer">
        <span className="sd-muted">{dirty ? 'Unsaved changes' : view.configured ? 'Saved' : 'Not set up'}</span>
        <RoleButton action="mail:save-settings" data-testid="mail-save" icon="floppy-disk" size="small" intent={dirty ? 'primary' : 'none'} text="Save" loading={saving} onClick={() => void save()} />
      </SectionCard>
    </Section>
  );
}
