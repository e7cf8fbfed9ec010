import { Button, Callout, Section, SectionCard, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, ChannelOutput } from '../../../../../src-preload/contract';
import { settle } from '../../../api/call';
import { api } from '../../../api/client';
import { useConnectionStore } from '../../../api/connection-store';
import { crmAgentUrl, listenerReach } from './crm-agent';
import { RoleButton } from '../../../components/role-gate';

type CrmAgentView = ChannelOutput<'confirm:crm-agent'>;

/** Shown once, right after it is made: the key is not kept anywhere the console can read it back from. */
function NewKey({ url, keyValue, onHide }: { url: string | null; keyValue: string; onHide(): void }) {
  return (
    <Callout intent="success" icon="key" title="New CRM Agent key" className="sd-compact-callout sd-new-key">
      <code className="sd-key" data-testid="crm-agent-new-key">
        {keyValue}
      </code>
      {url && (
        <>
          <div data-testid="crm-agent-new-url-label">
            {listenerReach(url) === 'loopback'
              ? 'The listener URL with this key (this machine only: Confirm cannot reach it as it is, see above):'
              : 'URL to paste into Confirm (CRM Agent System Settings, transformation URL):'}
          </div>
          <code className="sd-key" data-testid="crm-agent-new-url">
            {crmAgentUrl(url, keyValue)}
          </code>
        </>
      )}
      <div className="sd-new-key-foot">
        <span>It is kept in the keychain and cannot be shown again; the previous key no longer works.</span>
        <Button size="small" variant="minimal" text="Hide" onClick={onHide} />
      </div>
    </Callout>
  );
}

/** Confirm OnDemand posts from the cloud: a listener on this machine's loopback cannot be reached by it. */
function Reachability({ url }: { url: string }) {
  const reach = listenerReach(url);
  const bind = new URL(url).host;
  if (reach === 'network')
    return (
      <Callout intent="primary" compact icon="globe-network" className="sd-compact-callout" data-testid="crm-agent-reach" data-reach={reach}>
        The listener is bound to <code>{bind}</code>. Confirm can post to it only if that address is reachable from the internet
        over HTTPS. Test from outside: from another network, open the URL without a key; a 401 answer means it is reachable.
      </Callout>
    );
  return (
    <Callout
      intent="warning"
      compact
      icon="warning-sign"
      title={reach === 'loopback' ? 'Confirm cannot reach this address' : 'Reachable on every network of this machine, without TLS'}
      className="sd-compact-callout"
      data-testid="crm-agent-reach"
      data-reach={reach}
    >
      <p>
        The listener is bound to <code>{bind}</code>
        {reach === 'loopback'
          ? ', which only programs on this machine can reach. Confirm OnDemand runs in the cloud: do not paste this URL into Confirm as it is.'
          : '. Put a TLS reverse proxy in front of it before giving Confirm its address.'}
      </p>
      <ul className="sd-issues">
        <li>
          Expose the listener: start SyncDesk with <code>--listener-host</code> behind a TLS reverse proxy (the README shows one), and paste the proxy&apos;s
          https address with the key.
        </li>
        <li>Or switch on the polling fallback (Poll Confirm on Sync Status): SyncDesk asks Confirm for changes instead of waiting for them.</li>
        <li>Or run SyncDesk on a team server that Confirm can reach.</li>
      </ul>
      <p>Test from outside: from another network (a phone off Wi-Fi), open the public URL without a key; a 401 answer means Confirm can reach it.</p>
    </Callout>
  );
}

export function CrmAgentSection() {
  const [view, setView] = useState<CrmAgentView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<{ what: string; error: AppError } | null>(null);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    let live = true;
    void settle(api().confirmCrmAgent({})).then((result) => {
      if (!live) return;
      setLoaded(true);
      if (result.ok) setView(result.data);
      else setError({ what: 'Reading the CRM Agent settings', error: result.error });
    });
    return () => {
      live = false;
    };
  }, [resyncs]);

  async function rotate() {
    setRotating(true);
    setError(null);
    const result = await settle(api().confirmRotateCrmAgentKey({}));
    setRotating(false);
    if (!result.ok) return setError({ what: keySet ? 'Rotating the key' : 'Creating the key', error: result.error });
    const { newKey: key, ...rest } = result.data;
    setView(rest);
    setNewKey(key);
  }

  const keySet = view?.key === 'set';
  return (
    <Section compact title="Confirm CRM Agent" icon="inbox" subtitle="How Confirm sends Enquiry updates back: its CRM Agent posts XML to this URL." data-testid="crm-agent">
      <SectionCard padded>
        {!loaded ? (
          <Spinner size={20} />
        ) : (
          <>
            <dl className="sd-facts sd-facts-wide">
              <dt>{view?.url && listenerReach(view.url) === 'loopback' ? 'Listener URL (this machine only)' : 'URL for Confirm'}</dt>
              <dd className="sd-mono-cell" data-testid="crm-agent-url">
                {view?.url ? crmAgentUrl(view.url, null) : <span className="sd-muted">not listening (the inbound listener is not running)</span>}
              </dd>
              <dt>Key</dt>
              <dd>
                <span className="sd-inline">
                  {view ? (
                    <Tag minimal intent={keySet ? 'success' : view.key === 'unavailable' ? 'danger' : 'none'} className="sd-tag" data-testid="crm-agent-key-state">
                      {keySet ? 'set' : view.key === 'unavailable' ? 'keychain not reachable now' : 'not set'}
                    </Tag>
                  ) : (
                    <span className="sd-muted">unknown</span>
                  )}
                  <RoleButton action="confirm:rotate-crm-agent-key" data-testid="crm-agent-rotate" size="small" icon={keySet ? 'refresh' : 'key'} text={keySet ? 'Rotate key' : 'Create key'} loading={rotating} onClick={() => void rotate()} />
                  <span className="sd-muted">Kept in the keychain. Updates without the current key are refused.</span>
                </span>
              </dd>
              <dt>In Confirm</dt>
              <dd className="sd-muted">
                Set the HTTP header <code>Content-Type:text/xml</code>, leave both stylesheets blank, and enable the CRM Agent scheduled task.
              </dd>
            </dl>
            {view?.url && <Reachability url={view.url} />}
            {error && (
              <Callout intent="danger" compact className="sd-compact-callout" data-testid="crm-agent-error" data-code={error.error.code}>
                <strong>{error.what} failed.</strong> {error.error.message}
              </Callout>
            )}
            {newKey && <NewKey url={view?.url ?? null} keyValue={newKey} onHide={() => setNewKey(null)} />}
          </>
        )}
      </SectionCard>
    </Section>
  );
}
