import { Button, Callout, FormGroup, InputGroup, Intent, Section, SectionCard } from '@blueprintjs/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { AppError, TeamServerView } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { settle } from '../../api/call';
import { messageFor } from '../../components/field-issues';
import { PageHeader } from '../../components/page-header';
import { showSuccess } from '../../components/toaster';
import { RoleButton } from '../../components/role-gate';

const LABELS = { url: 'Team server address' };

/**
 * The desktop app's way to a team server: its address, remembered on this computer. Connecting opens the server's
 * console in the window (sign in there); Team server > Open this computer's console comes back here.
 */
export function TeamServerPage() {
  const [view, setView] = useState<TeamServerView | null>(null);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void settle(api().desktopTeamServer({})).then((r) => {
      if (!r.ok) return setError(r.error);
      setView(r.data);
      setUrl(r.data.url ?? '');
    });
  }, []);
  const set = async (to: string | null, e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    const r = await settle(api().desktopSetTeamServer({ url: to }));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setView(r.data);
    if (to === null) {
      setUrl('');
      showSuccess('This computer no longer opens a team server.');
    }
  };
  const urlError = messageFor(error?.issues, 'url', LABELS);
  return (
    <div className="sd-page sd-page-scroll" data-testid="team-server-page">
      <PageHeader title="Team server" subtitle="Open a team server's console in this window instead of this computer's own. Staff sign in there with the account an admin gave them." />
      {view && !view.available && (
        <Callout intent="primary" title="Only in the desktop app">
          This console is not the SyncDesk desktop app's window, so there is no team server to choose here.
        </Callout>
      )}
      {view?.available && (
        <Section compact title="Address" icon="globe-network">
          <SectionCard padded>
            <form onSubmit={(e) => void set(url, e)} noValidate>
              <FormGroup
                className="sd-field"
                label={LABELS.url}
                labelFor="team-server-url"
                intent={urlError ? Intent.DANGER : Intent.NONE}
                helperText={urlError ?? 'https://, or http:// for a server on this computer. Remembered on this computer until you forget it.'}
              >
                <InputGroup id="team-server-url" data-testid="team-server-url" placeholder="https://syncdesk.example.com" value={url} intent={urlError ? Intent.DANGER : Intent.NONE} onValueChange={setUrl} />
              </FormGroup>
              {error && !urlError && (
                <Callout intent="danger" compact>
                  {error.message}
                </Callout>
              )}
              <div className="sd-inline">
                <RoleButton action="desktop:set-team-server" type="submit" intent="primary" icon="log-in" text="Connect" loading={busy} disabled={!url.trim()} data-testid="team-server-connect" />
                {view.url && <RoleButton action="desktop:set-team-server" icon="trash" text="Forget the team server" disabled={busy} data-testid="team-server-forget" onClick={() => void set(null)} />}
              </div>
            </form>
          </SectionCard>
        </Section>
      )}
    </div>
  );
}
