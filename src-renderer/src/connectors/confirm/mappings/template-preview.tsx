import { Callout, HTMLSelect, HTMLTable, Spinner } from '@blueprintjs/core';
import { useEffect, useMemo, useState } from 'react';
import type { AppError, CaseView, ChannelInput, TemplatePreview } from '../../../../../src-preload/contract';
import { api } from '../../../api/client';
import { settle } from '../../../api/call';
import { formatXml } from '../../../features/log/exchange-format';
import { CodeTokens } from '../../../features/log/exchange-view';
import { toRows, type TemplateDraft } from './template-draft';
import { useCan } from '../../../api/staff-store';

const PREVIEW_DEBOUNCE_MS = 400;
const PICKER_CASES = 200;

let previewSeq = 0;

// Case titles are long and the preview's picker is narrow: the chosen one reads in full on hover.
function chosenTitle(cases: readonly Pick<CaseView, 'id' | 'title'>[], caseId: number | null): string | undefined {
  const chosen = cases.find((c) => c.id === caseId);
  return chosen ? `Preview with case #${chosen.id} ${chosen.title}` : undefined;
}

/** What the draft would send for a chosen case, re-rendered by the core as the draft changes. */
export function TemplatePreviewPanel({ draft }: { draft: TemplateDraft }) {
  const [cases, setCases] = useState<CaseView[]>([]);
  const [caseId, setCaseId] = useState<number | null>(null);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // A viewer's preview would be refused by the server: say so once instead of asking at every keystroke.
  const can = useCan('templates:preview');

  useEffect(() => {
    void settle(api().casesList({ limit: PICKER_CASES })).then((result) => {
      if (!result.ok) return setError(result.error);
      setCases(result.data.cases);
      setCaseId((current) => current ?? result.data.cases[0]?.id ?? null);
    });
  }, []);

  // Rows as sent, so typing that does not change them (a half-typed status code) does not ask again.
  const body = useMemo(() => JSON.stringify({ type: draft.type, referenceId: draft.referenceId, rows: toRows(draft) }), [draft]);

  useEffect(() => {
    if (!can.allowed || caseId == null || draft.referenceId == null) return;
    const template = JSON.parse(body) as ChannelInput<'templates:preview'>['template'];
    const seq = ++previewSeq;
    setBusy(true);
    const timer = setTimeout(() => {
      void settle(api().templatesPreview({ caseId, template })).then((result) => {
        if (seq !== previewSeq) return;
        setBusy(false);
        if (result.ok) {
          setPreview(result.data);
          setError(null);
        } else setError(result.error);
      });
    }, PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [body, caseId, draft.referenceId, can.allowed]);

  return (
    <section className="sd-preview" data-testid="template-preview" aria-label="Preview">
      <div className="sd-preview-head">
        <span className="sd-strong">Preview</span>
        <HTMLSelect
          data-testid="template-preview-case"
          aria-label="Case to preview with"
          title={chosenTitle(cases, caseId)}
          value={caseId ?? ''}
          onChange={(e) => setCaseId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}
        >
          {cases.length === 0 && <option value="">No cases yet</option>}
          {cases.map((c) => (
            <option key={c.id} value={c.id}>
              #{c.id} {c.title}
            </option>
          ))}
        </HTMLSelect>
        {busy && <Spinner size={14} />}
      </div>
      <div className="sd-preview-body" role="region" aria-label="What this template would send" tabIndex={0}>
        {!can.allowed ? (
          <div className="sd-muted" data-testid="template-preview-refused">
            {can.reason}
          </div>
        ) : draft.referenceId == null ? (
          <div className="sd-muted">Choose the Reference to see what this template would send.</div>
        ) : caseId == null ? (
          <div className="sd-muted">Create a case to preview with.</div>
        ) : null}
        {error && (
          <Callout intent="danger" compact className="sd-compact-callout">
            {error.message}
          </Callout>
        )}
        {preview && (
          <>
            <div className="sd-preview-op">
              <span className="sd-muted">Operation</span> <code data-testid="template-preview-operation">{preview.operation}</code>
            </div>
            {preview.problems.length > 0 && (
              <Callout intent="warning" compact className="sd-compact-callout" data-testid="template-preview-problems">
                <ul className="sd-issues">
                  {preview.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </Callout>
            )}
            <HTMLTable compact className="sd-table sd-detail-table">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Value</th>
                </tr>
              </thead>
              <tbody>
                {preview.fields.length === 0 && (
                  <tr>
                    <td colSpan={2} className="sd-muted">
                      No values.
                    </td>
                  </tr>
                )}
                {preview.fields.map((f, i) => (
                  <tr key={`${f.name}-${i}`} data-testid="template-preview-field" data-name={f.name}>
                    <td className="sd-mono-cell">{f.name}</td>
                    <td className="sd-preview-value">{f.value}</td>
                  </tr>
                ))}
              </tbody>
            </HTMLTable>
            <div className="sd-section-label">Request</div>
            <pre className="sd-code" data-testid="template-preview-xml" data-language="xml" tabIndex={0} aria-label="Request">
              <CodeTokens tokens={formatXml(preview.xml)} />
            </pre>
          </>
        )}
      </div>
    </section>
  );
}
