import { HTMLTable, NonIdealState, Tag } from '@blueprintjs/core';
import type { DownloadView } from '../../../src-preload/contract';
import { headlineAndDetail } from './field-issues';
import { formatBytes, formatCount, formatDateTime, formatDuration } from './format';

const STATUS_INTENT = { running: 'primary', complete: 'success', failed: 'danger' } as const;

/** A connector's raw downloads (each answer kept as received): when, how much, and how it ended. */
export function DownloadsTable(props: { downloads: readonly DownloadView[]; testIdPrefix: string; emptyDescription: string }) {
  const { downloads, testIdPrefix } = props;
  if (downloads.length === 0) {
    return (
      <div className="sd-card-empty" data-testid={`${testIdPrefix}-downloads`} data-count="0">
        <NonIdealState layout="horizontal" icon="cloud-download" title="No downloads yet" description={props.emptyDescription} />
      </div>
    );
  }
  return (
    <HTMLTable compact className="sd-table sd-downloads-table" data-testid={`${testIdPrefix}-downloads`} data-count={downloads.length}>
      <thead>
        <tr>
          <th>Started</th>
          <th>Status</th>
          <th className="sd-num">Records</th>
          <th className="sd-num">Pages</th>
          <th className="sd-num">Size</th>
          <th className="sd-num">Took</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        {downloads.map((d) => (
          <tr key={d.id} data-testid={`${testIdPrefix}-download-row`} data-status={d.status}>
            <td className="sd-mono-cell sd-nowrap">{formatDateTime(d.startedAt)}</td>
            <td>
              <Tag minimal intent={STATUS_INTENT[d.status]} className="sd-tag">
                {d.status}
              </Tag>
            </td>
            <td className="sd-num">{formatCount(d.records)}</td>
            <td className="sd-num">{formatCount(d.pages)}</td>
            <td className="sd-num sd-nowrap">{formatBytes(d.rawBytes)}</td>
            <td className="sd-num sd-nowrap">{d.finishedAt ? formatDuration(d.finishedAt - d.startedAt) : '—'}</td>
            <td className="sd-downloads-message" title={d.message ?? ''}>
              {d.message ? headlineAndDetail(d.message).headline : <span className="sd-muted">—</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  );
}
