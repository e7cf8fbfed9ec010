import { Button, Callout, Section, SectionCard, Spinner, Tag } from '@blueprintjs/core';
import { useEffect } from 'react';
import type { AppSettingsView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { CheckControl } from '../../components/check-control';
import { RoleControl } from '../../components/role-gate';
import { PageHeader } from '../../components/page-header';
import { registry } from '../../connectors';
import { AppearanceSection } from './appearance-section';
import { PlatformApiSection } from './platform-api-section';
import { SandboxTable } from './sandbox-table';
import { useSettingsStore } from './settings-store';
import { StorefrontSimulator } from './storefront-simulator';

// Request counters move while simulators serve; a slow poll keeps them honest without an event for each request.
const SANDBOX_POLL_MS = 5000;

function ApplicationFacts({ settings }: { settings: AppSettingsView }) {
  return (
    <dl className="sd-facts sd-facts-wide">
      <dt>Data folder</dt>
      <dd className="sd-mono-cell" data-testid="settings-data-dir">
        {settings.dataDir}
      </dd>
      <dt>Database</dt>
      <dd className="sd-mono-cell">{settings.databasePath}</dd>
      <dt>Mode</dt>
      <dd>{settings.mode === 'headless' ? 'Headless (served to a browser)' : 'Desktop window'}</dd>
      <dt>Version</dt>
      <dd>{settings.version}</dd>
      <dt>Inbound listener</dt>
      <dd className="sd-mono-cell">{settings.listenerUrl ?? <span className="sd-muted">not running</span>}</dd>
    </dl>
  );
}

function Keychain({ settings }: { settings: AppSettingsView }) {
  const k = settings.keychain;
  return (
    <div data-testid="settings-keychain" data-reachable={String(k.reachable)}>
      <div className="sd-inline">
        <Tag minimal intent={k.reachable ? 'success' : 'danger'} icon={k.reachable ? 'lock' : 'unlock'} className="sd-tag">
          {k.reachable ? 'reachable' : 'not reachable'}
        </Tag>
        {!k.message.includes(k.backend) && <span>{k.backend}</span>}
        <span className="sd-muted">{k.message}</span>
      </div>
      {!k.reachable && (
        <Callout intent="warning" title="Secrets cannot be stored" compact className="sd-compact-callout">
          SyncDesk keeps passwords and keys only in the operating system keychain and never falls back to plain text.
          {k.installHint && <div className="sd-hint">{k.installHint}</div>}
        </Callout>
      )}
    </div>
  );
}

export function SettingsPage() {
  const settings = useSettingsStore((s) => s.settings);
  const loadError = useSettingsStore((s) => s.loadError);
  const sandboxes = useSettingsStore((s) => s.sandboxes);
  const sandboxError = useSettingsStore((s) => s.sandboxError);
  const saving = useSettingsStore((s) => s.savingSandboxMode);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    void useSettingsStore.getState().load();
  }, [resyncs]);
  useEffect(() => {
    const timer = setInterval(() => void useSettingsStore.getState().loadSandboxes(), SANDBOX_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <div className="sd-page sd-page-scroll">
      <PageHeader title="Settings" />
      {loadError && (
        <Callout intent="danger" title="Could not load the settings" className="sd-block">
          {loadError.message}
        </Callout>
      )}
      {!settings ? (
        !loadError && <Spinner size={24} className="sd-block" />
      ) : (
        <div className="sd-stack">
          <Section compact title="Application" icon="application">
            <SectionCard padded>
              <ApplicationFacts settings={settings} />
            </SectionCard>
          </Section>
          <AppearanceSection />
          <Section compact title="Credentials" icon="key">
            <SectionCard padded>
              <Keychain settings={settings} />
            </SectionCard>
          </Section>
          <PlatformApiSection />
          <Section
            compact
            title="Email"
            icon="envelope"
            subtitle="The SMTP server and sender of the platform's emails, and a test email."
            data-testid="settings-email-link"
            rightElement={<Button size="small" icon="arrow-right" text="Email settings" onClick={() => navigate({ name: 'email-settings' })} />}
          />
          {registry.settingsSections.map(({ key, Component }) => (
            <Component key={key} />
          ))}
          <Section
            compact
            title="Sandbox"
            icon="lab-test"
            subtitle="Built-in simulators of each back-office system, for trying SyncDesk without touching a real one."
            rightElement={
              <RoleControl action="settings:save">
                {(can) => (
                  <CheckControl
                    kind="switch"
                    testId="settings-sandbox-toggle"
                    action={can.action}
                    checked={settings.sandboxMode}
                    disabled={saving || !can.allowed}
                    onChange={(on) => void useSettingsStore.getState().setSandboxMode(on)}
                    label={settings.sandboxMode ? 'Sandbox mode on' : 'Sandbox mode off'}
                    className="sd-switch-right"
                  />
                )}
              </RoleControl>
            }
          >
            <SectionCard padded={false}>
              {sandboxError && (
                <Callout intent="danger" compact className="sd-compact-callout">
                  {sandboxError.message}
                </Callout>
              )}
              <SandboxTable sandboxes={sandboxes} />
            </SectionCard>
            <SectionCard padded>
              <StorefrontSimulator sandboxMode={settings.sandboxMode} />
            </SectionCard>
          </Section>
        </div>
      )}
    </div>
  );
}
