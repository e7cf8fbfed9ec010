import { Button, Callout, Section, SectionCard, Spinner, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { AppError, PlatformApiView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { useConnectionStore } from '../../api/connection-store';
import { RoleButton } from '../../components/role-gate';

function ErrorCallout({ what, error }: { what: string; error: AppError }) {
  const keychain = error.code === 'keychain_unavailable';
  return (
    <Callout intent="danger" compact icon={keychain ? 'lock' : 'error'} className="sd-compact-callout" data-testid="platform-api-error" data-code={error.code}>
      <strong>{keychain ? `${what}: the keychain is not reachable.` : `${what} failed.`}</strong> {error.message}
      {keychain && <div className="sd-muted">The platform API key lives only in the keychain; see Credentials above.</div>}
    </Callout>
  );
}

/** Shown once, right after it is made: the key is not kept anywhere the console can read it back from. */
function NewKey({ value, onHide }: { value: string; onHide(): void }) {
  return (
    <Callout intent="success" icon="key" title="New platform API key" className="sd-compact-callout sd-new-key">
      <code className="sd-key" data-testid="platform-new-key">
        {value}
      </code>
      <div className="sd-new-key-foot">
        <span>Give it to the storefront now. It is kept in the keychain and cannot be shown again; the previous key no longer works.</span>
        <Button size="small" variant="minimal" text="Hide" onClick={onHide} />
      </div>
    </Callout>
  );
}

export function PlatformApiSection() {
  const [view, setView] = useState<PlatformApiView | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  const [rotateError, setRotateError] = useState<AppError | null>(null);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    let live = true;
    void settle(api().platformApi({})).then((result) => {
      if (!live) return;
      setLoaded(true);
      if (result.ok) {
        setView(result.data);
        setLoadError(null);
      } else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, [resyncs]);

  async function rotate() {
    setRotating(true);
    setRotateError(null);
    const result = await settle(api().platformRotateKey({}));
    setRotating(false);
    if (!result.ok) return setRotateError(result.error);
    const { newKey: key, ...rest } = result.data;
    setView(rest);
    setLoadError(null);
    setNewKey(key);
  }

  const keySet = view?.apiKey === 'set';
  return (
    <Section
      compact
      title="Platform API"
      icon="globe-network"
      subtitle="How a storefront hands registrations to the console: JSON over HTTP, signed with an API key."
      data-testid="platform-api"
    >
      <SectionCard padded>
        {!loaded ? (
          <Spinner size={20} />
        ) : (
          <>
            <dl className="sd-facts sd-facts-wide">
              <dt>Registration endpoint</dt>
              <dd className="sd-mono-cell" data-testid="platform-api-url">
                {view?.url ? `POST ${view.url}` : <span className="sd-muted">{loadError ? 'unknown until the settings can be read' : 'not listening (the inbound listener is not running)'}</span>}
              </dd>
              <dt>API key</dt>
              <dd>
                <span className="sd-inline">
                  {view ? (
                    <Tag minimal intent={keySet ? 'success' : view.apiKey === 'unavailable' ? 'danger' : 'none'} className="sd-tag" data-testid="platform-key-state">
                      {keySet ? 'set' : view.apiKey === 'unavailable' ? 'keychain not reachable now' : 'not set'}
                    </Tag>
                  ) : (
                    <span className="sd-muted">unknown</span>
                  )}
                  <RoleButton
                    action="platform:rotate-key"
                    data-testid="platform-rotate-key"
                    size="small"
                    icon={keySet ? 'refresh' : 'key'}
                    text={keySet ? 'Rotate key' : 'Create key'}
                    loading={rotating}
                    onClick={() => void rotate()}
                  />
                  <span className="sd-muted">{keySet ? 'A new key replaces the current one at once.' : 'Requests are refused until a key exists.'}</span>
                </span>
              </dd>
            </dl>
            {/* A failed create or rotate says the same as a failed read, and is newer. */}
            {loadError && !rotateError && <ErrorCallout what="Reading the platform API settings" error={loadError} />}
            {rotateError && <ErrorCallout what={keySet ? 'Rotating the key' : 'Creating the key'} error={rotateError} />}
            {newKey && <NewKey value={newKey} onHide={() => setNewKey(null)} />}
          </>
        )}
      </SectionCard>
    </Section>
  );
}
