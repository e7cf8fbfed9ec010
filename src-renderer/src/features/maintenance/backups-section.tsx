import { Alert, Button, Callout, FormGroup, HTMLTable, InputGroup, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, BackupView } from '../../../../src-preload/contract';
import { ErrorBody, placeByField } from '../../components/field-issues';
import { CheckControl } from '../../components/check-control';
import { formatBytes, formatDateTime, formatRelative } from '../../components/format';
import { useMaintenanceStore } from './maintenance-store';
import { NumberField } from './number-field';
import { RoleButton } from '../../components/role-gate';

interface Draft {
  enabled: boolean;
  intervalHours: number;
  keep: number;
  folder: string;
}

const LABELS: Record<keyof Draft, string> = { enabled: 'Back up automatically', intervalHours: 'Every', keep: 'Keep', folder: 'Backup folder' };
const KEYS = Object.keys(LABELS) as (keyof Draft)[];

const draftOf = (v: BackupView): Draft => ({ enabled: v.settings.enabled, intervalHours: v.settings.intervalHours, keep: v.settings.keep, folder: v.settings.folder ?? '' });

function BackupSettingsForm({ view }: { view: BackupView }) {
  const busy = useMaintenanceStore((s) => s.busy);
  const [draft, setDraft] = useState(() => draftOf(view));
  const [refused, setRefused] = useState<AppError | null>(null);
  const { byField, other } = placeByField(refused?.issues, KEYS, LABELS);
  useEffect(() => setDraft(draftOf(view)), [view]);
  const saved = draftOf(view);
  const dirty = KEYS.some((k) => draft[k] !== saved[k]);
  const save = async () => {
    setRefused(await useMaintenanceStore.getState().saveBackups({ ...draft, folder: draft.folder.trim() || null }));
  };
  return (
    <>
      <CheckControl kind="switch" checked={draft.enabled} onChange={(enabled) => setDraft({ ...draft, enabled })} label={LABELS.enabled} testId="backup-enabled" />
      <div className="sd-form-grid">
        <NumberField label={LABELS.intervalHours} help="Hours between backups" unit="hours" value={draft.intervalHours} min={1} max={720} testId="backup-interval" error={byField.intervalHours?.join(' ')} onChange={(intervalHours) => setDraft({ ...draft, intervalHours })} />
        <NumberField label={LABELS.keep} help="The newest backups kept; older ones are removed" value={draft.keep} min={1} max={365} testId="backup-keep" error={byField.keep?.join(' ')} onChange={(keep) => setDraft({ ...draft, keep })} />
        <FormGroup label={LABELS.folder} helperText={byField.folder?.join(' ') ?? `A full path on ${view.folder.startsWith('/') ? 'this machine' : 'the machine SyncDesk runs on'}; empty: ${view.folder}`} intent={byField.folder ? 'danger' : 'none'} className="sd-field">
          <InputGroup value={draft.folder} maxLength={4096} placeholder={view.folder} onValueChange={(folder) => setDraft({ ...draft, folder })} data-testid="backup-folder" aria-label="Backup folder" />
        </FormGroup>
      </div>
      {refused && (
        <div className="sd-error-text" data-testid="backup-settings-error">
          <ErrorBody error={refused} other={other} labels={LABELS} />
        </div>
      )}
      <div className="sd-inline">
        <RoleButton action="ops:save-backup-settings" intent="primary" text="Save backup settings" disabled={!dirty} loading={busy === 'save-backups'} onClick={() => void save()} data-testid="backup-save" />
        {dirty && <Button minimal text="Undo changes" onClick={() => setDraft(saved)} />}
      </div>
    </>
  );
}

/** A team server's data is in PostgreSQL: no file backups here, only the words on how to back it up. */
function TeamServerBackups({ message }: { message: string }) {
  return (
    <Section compact title="Backups" icon="database" data-testid="maintenance-backups">
      <SectionCard padded>
        <Callout intent="primary" icon="info-sign" title="This team server is backed up with pg_dump" data-testid="maintenance-team-server-backups">
          {message}
        </Callout>
      </SectionCard>
    </Section>
  );
}

export function BackupsSection({ view }: { view: BackupView }) {
  if (view.teamServer) return <TeamServerBackups message={view.teamServer.message} />;
  return <FileBackupsSection view={view} />;
}

function FileBackupsSection({ view }: { view: BackupView }) {
  const busy = useMaintenanceStore((s) => s.busy);
  const restoreError = useMaintenanceStore((s) => s.restoreError);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [otherPath, setOtherPath] = useState('');
  const staged = view.stagedRestore;
  return (
    <Section
      compact
      title="Backups"
      icon="database"
      subtitle="A consistent copy of the database, taken while SyncDesk runs. Secrets stay in the keychain and are not in a backup."
      data-testid="maintenance-backups"
      rightElement={<RoleButton action="ops:backup-now" size="small" icon="floppy-disk" text="Back up now" loading={busy === 'backup'} onClick={() => void useMaintenanceStore.getState().backupNow()} data-testid="maintenance-backup-now" />}
    >
      {staged && (
        <SectionCard padded>
          <Callout intent="warning" icon="history" title="A restore waits for the next start" data-testid="maintenance-staged-restore">
            A checked copy ({formatBytes(staged.bytes)}, staged {formatDateTime(staged.stagedAt)}) replaces the database when SyncDesk starts again. The database it replaces is kept in the backups folder.{' '}
            <RoleButton action="ops:cancel-restore" size="small" text="Cancel the restore" onClick={() => void useMaintenanceStore.getState().cancelRestore()} data-testid="maintenance-cancel-restore" />
          </Callout>
        </SectionCard>
      )}
      <SectionCard padded>
        <div className="sd-muted sd-block" data-testid="maintenance-last-backup">
          {view.lastBackupAt ? `Last backup ${formatRelative(view.lastBackupAt)} (${formatDateTime(view.lastBackupAt)}).` : 'No backup yet.'}{' '}
          {view.settings.enabled ? `Automatic: every ${view.settings.intervalHours} h, the newest ${view.settings.keep} kept.` : 'Automatic backups are off.'}
        </div>
        <BackupSettingsForm view={view} />
      </SectionCard>
      <SectionCard padded={false}>
        {view.backups.length === 0 ? (
          <div className="sd-empty-note">No backups in {view.folder} yet.</div>
        ) : (
          <HTMLTable compact striped className="sd-full-width" data-testid="maintenance-backup-list">
            <thead>
              <tr>
                <th>Backup</th>
                <th>Size</th>
                <th>Taken</th>
                <th aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {view.backups.map((b) => (
                <tr key={b.path}>
                  <td className="sd-mono-cell" title={b.path}>{b.name}</td>
                  <td>{formatBytes(b.bytes)}</td>
                  <td>{formatDateTime(b.createdAt)}</td>
                  <td className="sd-row-actions">
                    <RoleButton action="ops:restore" size="small" text="Restore…" onClick={() => setConfirming(b.path)} data-testid="maintenance-restore" />
                  </td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        )}
      </SectionCard>
      <SectionCard padded>
        <FormGroup label="Restore another copy" helperText="The full path of a SyncDesk database copy on the machine SyncDesk runs on. It is checked before anything is replaced." className="sd-field">
          <div className="sd-inline">
            <InputGroup value={otherPath} maxLength={4096} placeholder="/path/to/syncdesk-backup.db" onValueChange={setOtherPath} aria-label="Path of a copy to restore" data-testid="maintenance-restore-path" className="sd-grow" />
            <RoleButton action="ops:restore" text="Restore…" disabled={!otherPath.trim()} onClick={() => setConfirming(otherPath.trim())} data-testid="maintenance-restore-other" />
          </div>
        </FormGroup>
        {restoreError && (
          <Callout intent="danger" compact data-testid="maintenance-restore-error">
            <ErrorBody error={restoreError} />
          </Callout>
        )}
      </SectionCard>
      <Alert
        canEscapeKeyCancel
        isOpen={confirming !== null}
        intent="warning"
        icon="history"
        confirmButtonText="Check and stage it"
        cancelButtonText="Keep the current database"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const path = confirming!;
          setConfirming(null);
          void useMaintenanceStore.getState().restore(path);
        }}
      >
        <p>
          Restore <code>{confirming}</code>?
        </p>
        <p>The copy is checked now. When SyncDesk next starts it replaces the current database, which is kept in the backups folder, so this can be undone. Changes made after the copy was taken are not in it.</p>
      </Alert>
    </Section>
  );
}
