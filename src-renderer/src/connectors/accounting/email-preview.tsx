import { Button, Callout, NonIdealState } from '@blueprintjs/core';
import type { ChannelOutput } from '../../../../src-preload/contract';

export type PreviewResult = ChannelOutput<'accounting:preview-email-template'>;

const PART_LABEL = { subject: 'Subject', text: 'Text', html: 'HTML' } as const;

/** The template filled with sample values, as a customer would get it; the HTML in a sandboxed frame. */
export function EmailPreview({ preview, stale, onClose }: { preview: PreviewResult; stale: boolean; onClose(): void }) {
  return (
    <aside className="sd-details sd-email-preview" data-testid="email-preview" data-problems={preview.problems.length}>
      <div className="sd-details-head">
        <span className="sd-strong">Preview with sample values{stale ? ' (text changed since)' : ''}</span>
        <Button icon="cross" size="small" variant="minimal" aria-label="Close the preview" onClick={onClose} />
      </div>
      <div className="sd-details-body sd-email-preview-body">
        {preview.problems.length > 0 && (
          <Callout intent="warning" compact title="Problems" className="sd-compact-callout" data-testid="email-preview-problems">
            <ul className="sd-issues">
              {preview.problems.map((p) => (
                <li key={`${p.part}:${p.message}`}>
                  <strong>{PART_LABEL[p.part]}:</strong> {p.message}
                </li>
              ))}
            </ul>
          </Callout>
        )}
        <div className="sd-section-label sd-first-label">Subject</div>
        <div className="sd-strong" data-testid="email-preview-subject">
          {preview.subject || <span className="sd-muted">(empty)</span>}
        </div>
        <div className="sd-section-label">Text</div>
        <pre className="sd-mail-text" data-testid="email-preview-text">
          {preview.text}
        </pre>
        <div className="sd-section-label">HTML</div>
        {preview.html != null ? (
          <iframe className="sd-mail-frame sd-mail-frame-preview" sandbox="" srcDoc={preview.html} title="HTML preview" data-testid="email-preview-html" />
        ) : (
          <NonIdealState icon="code" layout="horizontal" title="No HTML body" description="Customers get the text only." />
        )}
      </div>
    </aside>
  );
}
