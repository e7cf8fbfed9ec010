import { Button, Callout, Spinner, Tag } from '@blueprintjs/core';
import { useCallback, useEffect } from 'react';
import type { CaughtMailView, SentMailView } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { formatDateTime, formatShortTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyTable, LoadErrorFooter, VirtualTable, type Column, keysetTableProps } from '../../components/virtual-table';
import { CaughtMessage } from './caught-message';
import { recipients, sentMailStatus } from './mail-format';
import { SandboxMailNote } from './mail-settings-page';
import { useMailStore, useSentMailList } from './mail-store';

const dash = <span className="sd-muted">—</span>;
const time = (ms: number | null) => (ms == null ? dash : <span title={formatDateTime(ms)}>{formatShortTime(ms)}</span>);

const CAUGHT_COLUMNS: readonly Column<CaughtMailView>[] = [
  { key: 'to', header: 'To', width: 'minmax(140px, 1fr)', render: (m) => <span title={m.to.join(', ')}>{recipients(m.to)}</span> },
  { key: 'subject', header: 'Subject', width: 'minmax(140px, 1.4fr)', render: (m) => <span className="sd-strong" title={m.subject}>{m.subject || '(no subject)'}</span> },
  { key: 'received', header: 'Received', width: '128px', className: 'sd-mono-cell', render: (m) => time(m.receivedAt) },
];

const SENT_COLUMNS: readonly Column<SentMailView>[] = [
  { key: 'to', header: 'To', width: 'minmax(150px, 1.1fr)', render: (m) => <span title={m.to}>{m.to}</span> },
  { key: 'subject', header: 'Subject', width: 'minmax(150px, 1.4fr)', render: (m) => <span className="sd-strong" title={m.subject}>{m.subject}</span> },
  {
    key: 'status',
    header: 'Status',
    width: '84px',
    render: (m) => {
      const s = sentMailStatus(m);
      return (
        <Tag minimal intent={s.intent} className="sd-tag" title={s.title} data-testid="sent-mail-status" data-status={m.status}>
          {s.label}
        </Tag>
      );
    },
  },
  { key: 'queued', header: 'Queued', width: '128px', className: 'sd-mono-cell', render: (m) => time(m.queuedAt) },
  { key: 'sent', header: 'Sent', width: '128px', className: 'sd-mono-cell', render: (m) => time(m.sentAt) },
  { key: 'attempts', header: 'Tries', width: '48px', className: 'sd-num', render: (m) => m.attempts },
  { key: 'error', header: 'Error', width: 'minmax(120px, 1fr)', render: (m) => (m.error ? <span className="sd-danger-text" title={m.error}>{m.error}</span> : dash) },
];

export function SentMailPage({ messageId }: { messageId?: number }) {
  const sandbox = useMailStore((s) => s.sandbox);
  const settings = useMailStore((s) => s.settings);
  const settingsError = useMailStore((s) => s.settingsError);
  const resyncs = useConnectionStore((s) => s.resyncs);

  useEffect(() => {
    void useMailStore.getState().loadSettings();
  }, [resyncs]);

  const refresh = () => {
    void useMailStore.getState().loadSettings();
    if (sandbox) void useMailStore.getState().loadCaught();
    else void useMailStore.getState().loadSentMail();
  };

  return (
    <div className="sd-page sd-page-fill" data-testid="sent-mail-page" data-sandbox={sandbox == null ? '' : String(sandbox)}>
      <PageHeader
        title="Sent mail"
        subtitle={sandbox ? 'What the sandbox’s SMTP catcher received, newest first' : sandbox === false ? 'Every email the platform queued, newest first' : undefined}
        actions={<Button icon="refresh" size="small" variant="minimal" text="Refresh" onClick={refresh} />}
      />
      {sandbox == null ? (
        settingsError ? (
          <Callout intent="danger" title="Could not tell whether the app is in sandbox mode" className="sd-block">
            {settingsError.message}
          </Callout>
        ) : (
          <Spinner size={24} className="sd-block" />
        )
      ) : sandbox ? (
        <>
          <SandboxMailNote catcherUrl={settings?.catcherUrl ?? null} on="sent-mail" />
          <CaughtList messageId={messageId} resyncs={resyncs} />
        </>
      ) : (
        <SentList resyncs={resyncs} />
      )}
    </div>
  );
}

function CaughtList({ messageId, resyncs }: { messageId?: number; resyncs: number }) {
  const caught = useMailStore((s) => s.caught);
  const loaded = useMailStore((s) => s.caughtLoaded);
  const error = useMailStore((s) => s.caughtError);
  const message = useMailStore((s) => s.message);
  const messageError = useMailStore((s) => s.messageError);

  useEffect(() => {
    void useMailStore.getState().loadCaught();
  }, [resyncs]);
  useEffect(() => {
    void useMailStore.getState().openMessage(messageId ?? null);
  }, [messageId]);

  const open = useCallback((m: CaughtMailView) => navigate({ name: 'sent-mail', messageId: m.id }), []);
  const noop = useCallback(() => undefined, []);

  return (
    <div className="sd-split">
      <div className="sd-split-main">
        <VirtualTable
          rows={caught}
          columns={CAUGHT_COLUMNS}
          rowKey={(m) => m.id}
          rowTestId="caught-mail-row"
          rowAttributes={(m) => ({ 'data-id': String(m.id) })}
          selectedKey={messageId ?? null}
          onRowClick={open}
          loading={!loaded}
          hasMore={false}
          onEndReached={noop}
          endLabel={`${caught.length} message${caught.length === 1 ? '' : 's'}`}
          error={error ? <LoadErrorFooter message={error.message} onRetry={() => void useMailStore.getState().loadCaught()} /> : undefined}
          empty={
            <EmptyTable
              title="The catcher has received nothing yet"
              description="Send a test email from Email settings, or import a customer with Send Emails on, and it shows up here."
            />
          }
        />
      </div>
      {messageId != null && (
        <CaughtMessage
          message={message?.id === messageId ? message : null}
          error={messageError}
          onClose={() => navigate({ name: 'sent-mail' })}
          onRetry={() => void useMailStore.getState().openMessage(messageId)}
        />
      )}
    </div>
  );
}

function SentList({ resyncs }: { resyncs: number }) {
  const list = useSentMailList();
  useEffect(() => {
    void useSentMailList.getState().reload();
  }, [resyncs]);
  const loadMore = useCallback(() => void useSentMailList.getState().loadMore(), []);

  return (
    <>
      <div className="sd-muted sd-block-note">Bodies are not kept here (a welcome email may carry a password): this list says who got what, and when.</div>
      <VirtualTable
        {...keysetTableProps(list, loadMore)}
        columns={SENT_COLUMNS}
        rowKey={(m) => m.id}
        rowTestId="sent-mail-row"
        rowAttributes={(m) => ({ 'data-id': String(m.id), 'data-status': m.status })}
        endLabel="End of list"
        empty={
          <EmptyTable
            title="No email sent yet"
            description="Welcome emails and test emails are listed here once queued. Set up the server in Email settings and send a test email."
          />
        }
      />
    </>
  );
}
