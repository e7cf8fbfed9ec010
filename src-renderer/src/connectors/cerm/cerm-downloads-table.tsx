import type { DownloadView } from '../../../../src-preload/contract';
import { DownloadsTable } from '../../components/downloads-table';

export function CermDownloadsTable({ downloads }: { downloads: readonly DownloadView[] }) {
  return (
    <DownloadsTable
      downloads={downloads}
      testIdPrefix="cerm"
      emptyDescription="Download customers from CERM to keep CERM's answer as received, export it, and pick CERM customers for departments."
    />
  );
}
