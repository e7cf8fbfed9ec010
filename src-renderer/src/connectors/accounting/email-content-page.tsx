import { RoleButton } from '../../components/role-gate';
import { Button, Callout, FormGroup, HTMLTable, InputGroup, Spinner, TextArea } from '@blueprintjs/core';
import { useEffect, useRef, useState } from 'react';
import type { AppError, EmailTemplateView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { CheckControl } from '../../components/check-control';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { showSuccess } from '../../components/toaster';
import { EmailPreview, type PreviewResult } from './email-preview';
import {
  countProblems,
  draftFromTemplate,
  insertToken,
  isTemplateDirty,
  issuesByPart,
  templateInput,
  type PartProblems,
  type TemplateDraft,
  type TemplatePart,
} from './template-draft';

const MODE_TEXT = {
  password: 'carries a generated password (the customer signs in with it)',
  link: 'carries a single-use link where the customer chooses a password',
} as const;

function Problems({ messages, testId }: { messages: string[]; testId: string }) {
  if (messages.length === 0) return null;
  return (
    <ul className="sd-issues sd-part-problems" data-testid={testId}>
      {messages.map((m) => (
        <li key={m} className="sd-danger-text">
          {m}
        </li>
      ))}
    </ul>
  );
}

/** Content > Email Content: the welcome email (CUSTOMER_SYNC) with its tokens, a preview and a checked save. */
export function EmailContentPage() {
  const [view, setView] = useState<EmailTemplateView | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [draft, setDraft] = useState<TemplateDraft | null>(null);
  const [keptHtml, setKeptHtml] = useState('');
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [preview, setPreview] = useState<{ result: PreviewResult; of: TemplateDraft } | null>(null);
  const [previewError, setPreviewError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<'save' | 'preview' | null>(null);
  const [reloads, setReloads] = useState(0);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const refs = { subject: useRef<HTMLInputElement>(null), text: useRef<HTMLTextAreaElement>(null), html: useRef<HTMLTextAreaElement>(null) };
  const lastPart = useRef<TemplatePart>('text');

  useEffect(() => {
    let live = true;
    void settle(api().accountingEmailTemplate({})).then((result) => {
      if (!live) return;
      if (!result.ok) return setLoadError(result.error);
      setLoadError(null);
      setView(result.data);
      // An edit in progress survives a reconnect.
      setDraft((d) => (d ?? draftFromTemplate(result.data)));
    });
    return () => {
      live = false;
    };
  }, [resyncs, reloads]);

  const dirty = view != null && draft != null && isTemplateDirty(view, draft);
  const issues: PartProblems = issuesByPart(saveError?.issues);

  async function save() {
    if (!draft) return;
    setBusy('save');
    setSaveError(null);
    const result = await settle(api().accountingSaveEmailTemplate(templateInput(draft)));
    setBusy(null);
    // Refused: the staff's text stays as typed, the problems beside it.
    if (!result.ok) return setSaveError(result.error);
    setView(result.data);
    setDraft(draftFromTemplate(result.data));
    showSuccess('Welcome email saved.');
  }

  async function runPreview() {
    if (!draft) return;
    setBusy('preview');
    setPreviewError(null);
    const of = { ...draft };
    const result = await settle(api().accountingPreviewEmailTemplate(templateInput(of)));
    setBusy(null);
    if (result.ok) setPreview({ result: result.data, of });
    else setPreviewError(result.error);
  }

  function update(patch: Partial<TemplateDraft>) {
    setDraft((d) => (d ? { ...d, ...patch } : d));
  }

  function insert(name: string) {
    if (!draft) return;
    const part = lastPart.current === 'html' && draft.html == null ? 'text' : lastPart.current;
    const el = refs[part].current;
    const current = part === 'html' ? (draft.html ?? '') : draft[part];
    const { value, caret } = insertToken(current, el?.selectionStart ?? current.length, el?.selectionEnd ?? current.length, name);
    update({ [part]: value });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  }

  function toggleHtml(on: boolean) {
    if (!draft) return;
    if (on) update({ html: keptHtml });
    else {
      setKeptHtml(draft.html ?? '');
      update({ html: null });
    }
  }

  const stale = preview != null && draft != null && (preview.of.subject !== draft.subject || preview.of.text !== draft.text || preview.of.html !== draft.html);

  return (
    <div className="sd-page sd-page-fill" data-testid="email-content-page">
      <PageHeader
        title="Email Content"
        subtitle={view ? `${view.key} · the welcome email an imported customer gets${view.updatedAt ? ` · saved ${formatDateTime(view.updatedAt)}` : ' · the default text'}` : undefined}
        actions={
          draft && (
            <>
              <span className="sd-muted sd-nowrap">{dirty ? 'Unsaved changes' : ''}</span>
              <RoleButton action="accounting:preview-email-template" data-testid="email-preview-button" size="small" icon="eye-open" text="Preview" loading={busy === 'preview'} disabled={busy !== null} onClick={() => void runPreview()} />
              <RoleButton
                action="accounting:save-email-template"
                data-testid="email-save"
                size="small"
                icon="floppy-disk"
                intent={dirty ? 'primary' : 'none'}
                text="Save"
                loading={busy === 'save'}
                disabled={busy !== null}
                onClick={() => void save()}
              />
            </>
          )
        }
      />
      {loadError && (
        <Callout intent="danger" title="Could not load the welcome email" className="sd-block">
          {loadError.message} <Button size="small" variant="minimal" intent="primary" text="Try again" onClick={() => setReloads((n) => n + 1)} />
        </Callout>
      )}
      {!view || !draft ? (
        !loadError && <Spinner size={24} className="sd-block" />
      ) : (
        <div className="sd-split">
          <div className="sd-split-main sd-editor-scroll sd-email-editor">
            <Callout icon="info-sign" compact className="sd-compact-callout sd-block" data-testid="email-mode" data-mode={view.mode}>
              This connection&apos;s welcome email {MODE_TEXT[view.mode]}; change it with <em>Welcome email carries</em> in{' '}
              <a href="#/connections" onClick={(e) => (e.preventDefault(), navigate({ name: 'connections' }))}>
                Connections
              </a>
              . It is sent only at a customer&apos;s first import, and only while Send Emails is on.
            </Callout>
            {saveError && (
              <Callout intent="danger" title="Not saved" compact className="sd-compact-callout sd-block" data-testid="email-save-error">
                {saveError.message}
                {countProblems(issues) > 0 && ' Your text is kept as you typed it; the problems are shown beside each part.'}
                <Problems messages={issues.other} testId="email-problems-other" />
              </Callout>
            )}
            {previewError && (
              <Callout intent="danger" compact className="sd-compact-callout sd-block">
                Could not preview: {previewError.message}
              </Callout>
            )}
            <FormGroup className="sd-field" label="Subject" labelFor="email-subject" intent={issues.subject.length ? 'danger' : 'none'}>
              <InputGroup
                id="email-subject"
                data-testid="email-subject"
                size="small"
                inputRef={refs.subject}
                intent={issues.subject.length ? 'danger' : 'none'}
                value={draft.subject}
                onFocus={() => (lastPart.current = 'subject')}
                onChange={(e) => update({ subject: e.currentTarget.value })}
              />
              <Problems messages={issues.subject} testId="email-problems-subject" />
            </FormGroup>
            <FormGroup className="sd-field" label="Text body" labelFor="email-text" intent={issues.text.length ? 'danger' : 'none'} helperText="Every email carries it; mail programs that show no HTML show this.">
              <TextArea
                id="email-text"
                data-testid="email-text"
                className="sd-mono-area"
                inputRef={refs.text}
                fill
                rows={11}
                spellCheck={false}
                intent={issues.text.length ? 'danger' : 'none'}
                value={draft.text}
                onFocus={() => (lastPart.current = 'text')}
                onChange={(e) => update({ text: e.currentTarget.value })}
              />
              <Problems messages={issues.text} testId="email-problems-text" />
            </FormGroup>
            <CheckControl kind="switch" testId="email-html-toggle" checked={draft.html != null} onChange={toggleHtml} label="Also send an HTML body" />
            {draft.html != null && (
              <FormGroup className="sd-field" label="HTML body" labelFor="email-html" intent={issues.html.length ? 'danger' : 'none'} helperText="Tokens are escaped in HTML, so a value cannot add markup.">
                <TextArea
                  id="email-html"
                  data-testid="email-html"
                  className="sd-mono-area"
                  inputRef={refs.html}
                  fill
                  rows={9}
                  spellCheck={false}
                  intent={issues.html.length ? 'danger' : 'none'}
                  value={draft.html}
                  onFocus={() => (lastPart.current = 'html')}
                  onChange={(e) => update({ html: e.currentTarget.value })}
                />
                <Problems messages={issues.html} testId="email-problems-html" />
              </FormGroup>
            )}
            <TokensTable tokens={view.tokens} onInsert={insert} />
          </div>
          {preview && <EmailPreview preview={preview.result} stale={stale} onClose={() => setPreview(null)} />}
        </div>
      )}
    </div>
  );
}

function TokensTable({ tokens, onInsert }: { tokens: EmailTemplateView['tokens']; onInsert(name: string): void }) {
  return (
    <div className="sd-email-tokens" data-testid="email-tokens">
      <div className="sd-section-label">Available Tokens</div>
      <HTMLTable compact className="sd-table">
        <thead>
          <tr>
            <th>Token</th>
            <th>Meaning</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.name} data-testid="email-token" data-token={t.name} data-required={String(t.required)}>
              <td className="sd-mono-cell sd-nowrap">
                {`{{ ${t.name} }}`}
                {t.required && (
                  <span className="sd-required" title="Required: the email must contain it, or customers cannot sign in">
                    {' '}
                    *
                  </span>
                )}
              </td>
              <td>{t.meaning}</td>
              <td className="sd-nowrap">
                <Button size="small" variant="minimal" icon="insert" text="Insert" title={`Insert {{ ${t.name} }} where the cursor is`} onClick={() => onInsert(t.name)} />
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      <div className="sd-muted sd-footer-note">
        * required: the email must contain these tokens, or customers will not be able to sign in. Write a token as <code>{'{{ name }}'}</code>.
      </div>
    </div>
  );
}
