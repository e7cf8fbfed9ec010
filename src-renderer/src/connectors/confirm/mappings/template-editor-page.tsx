import { Alert, Button, Callout, Spinner } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError } from '../../../../../src-preload/contract';
import { navigate } from '../../../app/router';
import { RoleButton } from '../../../components/role-gate';
import { PageHeader } from '../../../components/page-header';
import { showError, showSuccess } from '../../../components/toaster';
import { LookupsBar } from './lookups-bar';
import { useMappingsStore } from './mappings-store';
import { draftFromTemplate, emptyDraft, type TemplateDraft } from './template-draft';
import { TemplateEditor } from './template-editor';
import { TemplatePreviewPanel } from './template-preview';

export function TemplateEditorPage({ templateId }: { templateId: number | 'new' }) {
  const loaded = useMappingsStore((s) => s.loaded);
  const saved = useMappingsStore((s) => (templateId === 'new' ? undefined : s.templates.find((t) => t.id === templateId)));
  const references = useMappingsStore((s) => s.references);
  const [draft, setDraft] = useState<TemplateDraft | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  // The draft starts once what it edits is known; later reloads of the list leave it alone.
  useEffect(() => {
    if (draft || !loaded) return;
    if (templateId === 'new') {
      const fresh = emptyDraft();
      setDraft(references.length === 1 ? { ...fresh, referenceId: references[0].id } : fresh);
    } else if (saved) setDraft(draftFromTemplate(saved));
  }, [loaded, saved, draft, templateId, references]);

  async function save() {
    if (!draft || saving) return;
    setSaving(true);
    setError(null);
    const result = await useMappingsStore.getState().save(draft);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    // The new template's page first, so the toast is that page's.
    if (templateId === 'new') navigate({ name: 'mappings', templateId: result.data.id });
    else setDraft(draftFromTemplate(result.data));
    showSuccess(`Template ${result.data.name} saved.`);
  }

  async function remove() {
    setConfirmDelete(false);
    if (templateId === 'new') return;
    const result = await useMappingsStore.getState().remove(templateId);
    if (!result.ok) return showError('Deleting the template', result.error);
    navigate({ name: 'mappings' });
    showSuccess('Template deleted.');
  }

  const title = templateId === 'new' ? 'New mapping template' : (saved?.name ?? `Template #${templateId}`);
  return (
    <div className="sd-page sd-page-fill" data-testid="template-editor">
      <PageHeader
        title={
          <span className="sd-inline">
            <Button size="small" variant="minimal" icon="arrow-left" aria-label="All templates" onClick={() => navigate({ name: 'mappings' })} />
            {title}
          </span>
        }
        actions={
          <>
            {templateId !== 'new' && saved && (
              <RoleButton action="templates:delete" data-testid="template-delete" size="small" variant="minimal" icon="trash" intent="danger" text="Delete" onClick={() => setConfirmDelete(true)} />
            )}
            <RoleButton action="templates:save" data-testid="template-save" size="small" intent="primary" icon="floppy-disk" text="Save" loading={saving} disabled={!draft} onClick={() => void save()} />
          </>
        }
      />
      <LookupsBar />
      {!draft ? (
        loaded && templateId !== 'new' && !saved ? (
          <Callout intent="warning" className="sd-block sd-compact-callout">
            There is no template #{templateId}.
          </Callout>
        ) : (
          <Spinner size={20} className="sd-block" />
        )
      ) : (
        <div className="sd-split">
          <div className="sd-split-main sd-editor-scroll">
            <TemplateEditor draft={draft} error={error} onChange={setDraft} />
          </div>
          <TemplatePreviewPanel draft={draft} />
        </div>
      )}
      <Alert canEscapeKeyCancel isOpen={confirmDelete} intent="danger" icon="trash" confirmButtonText="Delete" cancelButtonText="Cancel" onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)}>
        Delete the template {saved?.name}? Rules that apply it stop working.
      </Alert>
    </div>
  );
}
