import { Tag } from '@blueprintjs/core';
import type { CaseView } from '../../../../src-preload/contract';
import { formatDateTime, formatShortTime } from '../../components/format';
import type { Column } from '../../components/virtual-table';
import { CASE_STATUS_INTENT, CASE_STATUS_LABEL, caseAddressLine } from './case-format';

const dash = <span className="sd-muted">—</span>;

/** The list's columns; with the detail panel open the narrow set keeps the list readable beside it. */
export function caseColumns(narrow: boolean): Column<CaseView>[] {
  const columns: (Column<CaseView> & { wide?: boolean })[] = [
    { key: 'id', header: '#', width: '56px', className: 'sd-num sd-mono-cell', render: (c) => c.id },
    { key: 'title', header: 'Title', width: 'minmax(160px, 2fr)', render: (c) => <span className="sd-strong" title={c.title}>{c.title}</span> },
    {
      key: 'status',
      header: 'Status',
      width: '96px',
      render: (c) => (
        <Tag minimal intent={CASE_STATUS_INTENT[c.status]} className="sd-tag">
          {CASE_STATUS_LABEL[c.status]}
        </Tag>
      ),
    },
    { key: 'person', header: 'Person', width: 'minmax(110px, 1fr)', render: (c) => (c.personName ? <span title={c.personName}>{c.personName}</span> : dash) },
    { key: 'address', header: 'Address', width: 'minmax(140px, 1.3fr)', wide: true, render: (c) => caseAddressLine(c.address) || dash },
    { key: 'due', header: 'Due', width: '92px', className: 'sd-mono-cell', wide: true, render: (c) => (c.dueAt != null ? formatDateTime(c.dueAt).slice(0, 10) : dash) },
    {
      key: 'updated',
      header: 'Updated',
      width: '136px',
      className: 'sd-mono-cell',
      wide: true,
      render: (c) => <span title={formatDateTime(c.updatedAt)}>{formatShortTime(c.updatedAt)}</span>,
    },
  ];
  return columns.filter((c) => !narrow || !c.wide);
}
