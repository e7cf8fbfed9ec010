// The CERM connector's contract channels: the customer download (browse, live search, export) and department links.
import { cermChannels } from '../../../src-preload/contract';
import { AppErrorException } from '../../errors/app-error';
import { UniqueViolation } from '../../store/store-errors';
import { exportFileName } from '../../export/run-export';
import { channelsOf, type ConnectorHost, type ContributedChannels } from '../connector';
import { exportCermCustomers } from './export';
import { searchCermCustomersLive } from './live-search';
import { CERM_ID } from './ids';

export function cermHandlers(host: ConnectorHost): ContributedChannels {
  const { repos } = host;
  const department = async (id: number) => {
    const d = await repos.departments.get(id);
    if (!d) throw new AppErrorException('not_found', `There is no department ${id}.`);
    return d;
  };
  return channelsOf(cermChannels, {
    'departments:link-cerm': async (input) => {
      await department(input.departmentId);
      if (input.cermCustomerId !== null && !await repos.cermCustomers.get(input.cermCustomerId))
        throw new AppErrorException('not_found', `CERM customer ${input.cermCustomerId} is not in the last download; download customers or search CERM live first.`);
      try {
        await repos.departments.linkCerm(input.departmentId, input.cermCustomerId, host.now());
      } catch (err) {
        if (err instanceof UniqueViolation) throw new AppErrorException('conflict', `CERM customer ${input.cermCustomerId} is already linked to another department.`);
        throw err;
      }
      return await department(input.departmentId);
    },
    'cerm:customers': async (input) => {
      const page = await repos.cermCustomers.search({ q: input.q || undefined, after: input.cursor, limit: input.limit });
      return { rows: page.rows, nextCursor: page.next, total: await repos.cermCustomers.count() };
    },
    'cerm:search-live': async (input) => {
      const found = await searchCermCustomersLive(await host.settings(), input.q, AbortSignal.timeout(30_000));
      // Picked results must be linkable: keep them in the mirror beside the last download.
      await repos.transaction(async (tx) => await tx.cermCustomers.upsertMany(found.map((f) => ({ ...f, downloadId: null, updatedAt: host.now() }))));
      return found;
    },
    'cerm:downloads': async () => await repos.downloads.recent(CERM_ID, 'customers', 10),
    'cerm:export': (input) =>
      host.runExport(exportFileName('cerm-customers', input.format, new Date(host.now())), async (path) => {
        const { rows } = await exportCermCustomers({ repos, format: input.format, path, downloadId: input.downloadId, q: input.q?.trim() || undefined, downloadsDir: host.files.downloads });
        return rows;
      }),
  });
}
