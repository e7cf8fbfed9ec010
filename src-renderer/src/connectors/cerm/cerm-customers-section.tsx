import { Button, ButtonGroup, Callout, ProgressBar, Section, SectionCard } from '@blueprintjs/core';
import { useEffect } from 'react';
import type { ConnectionView, RunProgress } from '../../../../src-preload/contract';
import { useConnectionStore } from '../../api/connection-store';
import { navigate } from '../../app/router';
import { formatAgo, formatCount } from '../../components/format';
import { ErrorDetails, headlineAndDetail } from '../../components/field-issues';
import { progressFraction } from '../../features/sync-status/task-updates';
import { CermCustomerBrowser } from './cerm-customer-browser';
import { CermDownloadsTable } from './cerm-downloads-table';
import { subscribeCermEvents, useCermBrowser, useCermStore } from './cerm-store';
import { RoleButton } from '../../components/role-gate';

function DownloadProgress({ runId, progress }: { runId: number; progress: RunProgress | null }) {
  const fraction = progress ? progressFraction(progress) : null;
  let label = progress?.phase ?? 'starting';
  if (progress?.total != null) label += ` · ${formatCount(progress.done)} / ${formatCount(progress.total)}`;
  else if (progress && progress.done > 0) label += ` · ${formatCount(progress.done)}`;
  return (
    <div className="sd-progress sd-download-progress" data-testid="cerm-download-progress" data-run-id={runId} data-value={fraction == null ? 'indeterminate' : String(fraction)}>
      <ProgressBar value={fraction ?? undefined} intent="primary" animate stripes={fraction == null} />
      <span className="sd-progress-label">
        <a href={`#/runs/${runId}`} onClick={(e) => (e.preventDefault(), navigate({ name: 'run', runId }))}>
          Run #{runId}
        </a>{' '}
        · {label}
        {progress && progress.counts.fetched > 0 && ` · ${formatCount(progress.counts.fetched)} customers fetched`}
      </span>
    </div>
  );
}

function LastRunProblem() {
  const finished = useCermStore((s) => s.run.finished);
  if (!finished || finished.status === 'success') return null;
  // The errno is for whoever fixes it: under Details, not in the headline.
  const { headline, detail } = headlineAndDetail(finished.message ?? '');
  return (
    <Callout intent={finished.status === 'failed' ? 'danger' : 'warning'} compact className="sd-compact-callout" data-testid="cerm-download-failed">
      <a href={`#/runs/${finished.id}`} onClick={(e) => (e.preventDefault(), navigate({ name: 'run', runId: finished.id }))}>
        Download run #{finished.id}
      </a>{' '}
      {finished.status} {formatAgo(finished.finishedAt ?? finished.startedAt)}
      {headline ? `: ${headline}` : '.'}
      <ErrorDetails detail={detail} />
    </Callout>
  );
}

/** CERM only: the customer download, its history, its exports and the downloaded customers. */
export function CermCustomersSection({ view }: { view: ConnectionView }) {
  const downloads = useCermStore((s) => s.downloads);
  const downloadsError = useCermStore((s) => s.downloadsError);
  const run = useCermStore((s) => s.run);
  const starting = useCermStore((s) => s.starting);
  const exporting = useCermStore((s) => s.exporting);
  const resyncs = useConnectionStore((s) => s.resyncs);
  const { startDownload, exportAs } = useCermStore.getState();

  useEffect(() => subscribeCermEvents(), []);
  useEffect(() => {
    void useCermStore.getState().load();
  }, [resyncs]);

  const running = run.runId != null;
  const hasDownload = downloads.some((d) => d.status === 'complete');
  // The table exports follow the browse list's search; the raw answer is always the whole download.
  const q = useCermBrowser((st) => st.query.q.trim());
  const exportTitle = (format: string) =>
    !hasDownload ? 'Download customers from CERM first' : format === 'json' ? 'The whole answer, byte for byte as CERM sent it' : q ? `Only the customers matching “${q}”, as the list below shows them` : 'Every customer of the last download';

  return (
    <Section
      compact
      icon="people"
      className="sd-connection"
      data-testid="cerm-customers"
      title="CERM customers"
      subtitle="Fetches CERM's customer list and keeps the answer exactly as received; export it or browse it below."
      rightElement={
        <RoleButton
          action="sync:run"
          data-testid="cerm-download"
          icon="cloud-download"
          intent="primary"
          size="small"
          text="Download customers from CERM"
          loading={starting}
          disabled={running || view.state === 'disabled'}
          onClick={() => void startDownload()}
        />
      }
    >
      <SectionCard padded>
        {running && <DownloadProgress runId={run.runId!} progress={run.progress} />}
        <LastRunProblem />
        <div className="sd-subhead">
          <span className="sd-section-label">Downloads</span>
          <span className="sd-inline">
            <span className="sd-muted" data-testid="cerm-export-scope">
              {q ? `Export the customers matching “${q}”` : 'Export the last download'}
            </span>
            <ButtonGroup>
              {(['json', 'csv', 'xlsx'] as const).map((format) => (
                <RoleButton
                  action="cerm:export"
                  key={format}
                  data-testid={`cerm-export-${format}`}
                  size="small"
                  icon={format === 'json' ? 'code' : format === 'csv' ? 'th' : 'th-derived'}
                  text={format === 'json' ? 'Raw JSON' : format.toUpperCase()}
                  title={exportTitle(format)}
                  loading={exporting === format}
                  disabled={exporting !== null || !hasDownload}
                  onClick={() => void exportAs(format)}
                />
              ))}
            </ButtonGroup>
          </span>
        </div>
        {downloadsError && (
          <Callout intent="danger" compact className="sd-compact-callout">
            Could not load the downloads: {downloadsError.message}
          </Callout>
        )}
        <CermDownloadsTable downloads={downloads} />
      </SectionCard>
      <SectionCard padded>
        <div className="sd-section-label sd-first-label">Customers in the last download</div>
        <CermCustomerBrowser />
      </SectionCard>
    </Section>
  );
}
