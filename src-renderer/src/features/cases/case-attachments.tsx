import { Alert, Button, FileInput, HTMLTable, InputGroup } from '@blueprintjs/core';
import { useState, type InputHTMLAttributes } from 'react';
import type { CaseAttachmentView } from '../../../../src-preload/contract';
import { formatBytes, formatDateTime, formatShortTime } from '../../components/format';
import { showError, showSuccess } from '../../components/toaster';
import { attachmentProblem, linkStateOf, readAsBase64 } from './attachment';
import { useCasesStore } from './cases-store';
import { RoleButton, RoleControl } from '../../components/role-gate';

/** The case's files, and adding one: choosing a file sends it at once with the description typed beside it. */
export function CaseAttachments({ caseId, attachments }: { caseId: number; attachments: readonly CaseAttachmentView[] }) {
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<CaseAttachmentView | null>(null);

  async function revoke(a: CaseAttachmentView) {
    setRevoking(null);
    const result = await useCasesStore.getState().revokeAttachmentLink({ caseId, attachmentId: a.id });
    if (!result.ok) return showError('Revoking the link', result.error);
    showSuccess(`The link of ${a.fileName} was revoked.`);
  }

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
            {attachments.map((a) => {
              const link = linkStateOf(a, Date.now());
              return (
                <tr key={a.id} data-testid="case-attachment" data-id={a.id}>
                  <td>
                    <div className="sd-strong sd-ellipsis" title={a.fileName}>
                      {a.fileName}
                    </div>
                    {a.description && <div className="sd-muted">{a.description}</div>}
                    <div className="sd-muted" data-testid="case-attachment-link">
                      {link.text}
                      {link.live && <RoleButton action="cases:revoke-attachment-link" size="small" variant="minimal" intent="danger" text="Revoke link" data-testid="case-attachment-revoke" onClick={() => setRevoking(a)} />}
                    </div>
                  </td>
                  <td className="sd-num sd-nowrap">{formatBytes(a.size)}</td>
                  <td className="sd-mono-cell sd-nowrap" title={formatDateTime(a.createdAt)}>
                    {formatShortTime(a.createdAt)}
                  </td>
                </tr>
              );
            })}
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
        <RoleControl action="cases:add-attachment">
          {(can) => (
            <FileInput
              small
              text={sending ? `Sending ${sending}…` : 'Add attachment…'}
              buttonText="Browse"
              disabled={sending != null || !can.allowed}
              inputProps={{ 'data-testid': 'case-add-attachment', 'data-action': can.action, 'aria-label': 'Add attachment' } as InputHTMLAttributes<HTMLInputElement>}
              onInputChange={(e) => void attach(e.currentTarget)}
            />
          )}
        </RoleControl>
      </div>
      {problem && <div className="sd-danger-text" data-testid="case-attachment-problem">{problem}</div>}
      <Alert
        canEscapeKeyCancel
        isOpen={revoking !== null}
        intent="danger"
        icon="disable"
        confirmButtonText="Revoke link"
        cancelButtonText="Cancel"
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      >
        The link to {revoking?.fileName} stops working for good, also in the Enquiry Document at Confirm. To share the file again, add it again.
      </Alert>
    </div>
  );
}
