import { FileInput, HTMLTable, InputGroup } from '@blueprintjs/core';
import { useState, type InputHTMLAttributes } from 'react';
import type { CaseAttachmentView } from '../../../../src-preload/contract';
import { formatBytes, formatDateTime, formatShortTime } from '../../components/format';
import { showError, showSuccess } from '../../components/toaster';
import { attachmentProblem, readAsBase64 } from './attachment';
import { useCasesStore } from './cases-store';

/** The case's files, and adding one: choosing a file sends it at once with the description typed beside it. */
export function CaseAttachments({ caseId, attachments }: { caseId: number; attachments: readonly CaseAttachmentView[] }) {
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);

  async function attach(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const refused = attachmentProblem(file);
    setProblem(refused);
    if (refused) return;
    setSending(file.name);
    let contentBase64: string;
    try {
      contentBase64 = await readAsBase64(file);
    } catch (err) {
      setSending(null);
      return setProblem(`${file.name} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    const result = await useCasesStore.getState().addAttachment({
      caseId,
      fileName: file.name,
      description: description.trim() || null,
      contentType: file.type || 'application/octet-stream',
      contentBase64,
    });
    setSending(null);
    if (!result.ok) return showError('Adding the attachment', result.error);
    setDescription('');
    showSuccess(`${file.name} attached.`);
  }

  return (
    <div className="sd-attachments">
      {attachments.length === 0 ? (
        <div className="sd-muted">No attachments.</div>
      ) : (
        <HTMLTable compact className="sd-table sd-detail-table">
          <tbody>
            {attachments.map((a) => (
              <tr key={a.id} data-testid="case-attachment" data-id={a.id}>
                <td>
                  <div className="sd-strong sd-ellipsis" title={a.fileName}>
                    {a.fileName}
                  </div>
                  {a.description && <div className="sd-muted">{a.description}</div>}
                </td>
                <td className="sd-num sd-nowrap">{formatBytes(a.size)}</td>
                <td className="sd-mono-cell sd-nowrap" title={formatDateTime(a.createdAt)}>
                  {formatShortTime(a.createdAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}
      <div className="sd-attach-form">
        <InputGroup
          data-testid="case-attachment-description"
          size="small"
          placeholder="Description (optional)"
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <FileInput
          small
          text={sending ? `Sending ${sending}…` : 'Add attachment…'}
          buttonText="Browse"
          disabled={sending != null}
          inputProps={{ 'data-testid': 'case-add-attachment', 'aria-label': 'Add attachment' } as InputHTMLAttributes<HTMLInputElement>}
          onInputChange={(e) => void attach(e.currentTarget)}
        />
      </div>
      {problem && <div className="sd-danger-text" data-testid="case-attachment-problem">{problem}</div>}
    </div>
  );
}
