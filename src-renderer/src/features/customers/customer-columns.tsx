import type { CustomerView } from '../../../../src-preload/contract';
import { formatDateTime, formatShortTime } from '../../components/format';
import type { Column } from '../../components/virtual-table';
import { customerName } from './customer-format';

const dash = <span className="sd-muted">—</span>;
const text = (value: string | null) => (value ? <span title={value}>{value}</span> : dash);

/**
 * The list's columns. The table keeps what fits its width (with the detail panel open, less): blank columns and the
 * higher priorities give way first, and the marker names them.
 */
export function customerColumns(costCodeLabel: string): Column<CustomerView>[] {
  return [
    { key: 'name', header: 'Name', width: 'minmax(120px, 1.2fr)', isKey: true, render: (c) => <span className="sd-strong">{text(customerName(c))}</span> },
    { key: 'email', header: 'Email', width: 'minmax(150px, 1.4fr)', render: (c) => text(c.email) },
    { key: 'company', header: 'Company', width: 'minmax(100px, 1fr)', isKey: true, render: (c) => text(c.company) },
    { key: 'costCode', header: costCodeLabel, width: '104px', className: 'sd-mono-cell', priority: 2, render: (c) => text(c.costCode) },
    { key: 'department', header: 'Department', width: 'minmax(100px, 1fr)', priority: 2, render: (c) => text(c.departmentName) },
    { key: 'cermId', header: 'CERM id', width: '104px', className: 'sd-mono-cell', priority: 3, render: (c) => text(c.cermId) },
    { key: 'origin', header: 'Origin', width: '92px', priority: 4, render: (c) => <span className="sd-muted">{c.origin}</span> },
    {
      key: 'created',
      header: 'Created',
      width: '136px',
      className: 'sd-mono-cell',
      priority: 3,
      render: (c) => <span title={formatDateTime(c.createdAt)}>{formatShortTime(c.createdAt)}</span>,
    },
  ];
}
