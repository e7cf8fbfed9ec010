import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { AppErrorException } from '../errors/app-error';
import { exportCermCustomers } from '../connectors/cerm/export';
import { searchCermCustomersLive } from '../connectors/cerm/live-search';
import { postRegistrationBurst } from '../sandbox/storefront-simulator';
import { exportFileName, runExport } from './run-export';
import { UniqueViolation } from '../store/store-errors';

type CustomerChannels =
  | 'customers:search'
  | 'customers:get'
  | 'customers:register'
  | 'customers:registration-form'
  | 'departments:list'
  | 'departments:save'
  | 'departments:link-cerm'
  | 'cerm:customers'
  | 'cerm:search-live'
  | 'cerm:downloads'
  | 'cerm:export'
  | 'sandbox:storefront-burst'
  | 'platform:api'
  | 'platform:rotate-key';

function department(s: CoreServices, id: number) {
  const d = s.repos.departments.get(id);
  if (!d) throw new AppErrorException('not_found', `There is no department ${id}.`);
  return d;
}

function cermConnector(s: CoreServices) {
  const c = s.registry.get('cerm');
  if (!c) throw new AppErrorException('not_found', 'The CERM connector is not installed.');
  return c;
}

export function createCustomerHandlers(s: CoreServices): Pick<Handlers, CustomerChannels> {
  return {
    'customers:search': (input) => {
      const page = s.repos.customers.search({ q: input.q || undefined, departmentId: input.departmentId, after: input.cursor, limit: input.limit });
      return { customers: page.rows, nextCursor: page.next };
    },
    'customers:get': (input) => {
      const customer = s.repos.customers.get(input.id);
      if (!customer) throw new AppErrorException('not_found', `There is no customer ${input.id}.`);
      return {
        customer,
        addresses: s.repos.addresses.ofCustomer(customer.id),
        externalIds: s.repos.externalIds.of('customer', customer.id),
        log: s.repos.log.forEntity('customer', String(customer.id), 200),
      };
    },
    'customers:register': (input) => s.registration.register(input, 'staff', { waitMs: 3_000 }),
    'customers:registration-form': () => s.registration.form(),

    'departments:list': () => s.repos.departments.list(),
    'departments:save': (input) => {
      const t = s.now();
      try {
        if (input.id === undefined) return department(s, s.repos.departments.create(input.name, input.description, t));
        department(s, input.id);
        s.repos.departments.update(input.id, input.name, input.description, t);
        return department(s, input.id);
      } catch (err) {
        if (err instanceof UniqueViolation) throw new AppErrorException('conflict', `A department named "${input.name}" already exists.`, [{ path: 'name', message: 'already exists' }]);
        throw err;
      }
    },
    'departments:link-cerm': (input) => {
      department(s, input.departmentId);
      if (input.cermCustomerId !== null && !s.repos.cermCustomers.get(input.cermCustomerId))
        throw new AppErrorException('not_found', `CERM customer ${input.cermCustomerId} is not in the last download; download customers or search CERM live first.`);
      try {
        s.repos.departments.linkCerm(input.departmentId, input.cermCustomerId, s.now());
      } catch (err) {
        if (err instanceof UniqueViolation) throw new AppErrorException('conflict', `CERM customer ${input.cermCustomerId} is already linked to another department.`);
        throw err;
      }
      return department(s, input.departmentId);
    },

    'cerm:customers': (input) => {
      const page = s.repos.cermCustomers.search({ q: input.q || undefined, after: input.cursor, limit: input.limit });
      return { rows: page.rows, nextCursor: page.next, total: s.repos.cermCustomers.count() };
    },
    'cerm:search-live': async (input) => {
      const c = cermConnector(s);
      const settings = await s.connections.load(c);
      const found = await searchCermCustomersLive(settings, input.q, AbortSignal.timeout(30_000));
      // Picked results must be linkable: keep them in the mirror beside the last download.
      s.repos.transaction(() => s.repos.cermCustomers.upsertMany(found.map((f) => ({ ...f, downloadId: null, updatedAt: s.now() }))));
      return found;
    },
    'cerm:downloads': () => s.repos.downloads.recent('cerm', 'customers', 10),
    'cerm:export': (input) =>
      runExport(s, exportFileName('cerm-customers', input.format, new Date(s.now())), async (path) => {
        const { rows } = await exportCermCustomers({ repos: s.repos, format: input.format, path, downloadId: input.downloadId });
        return rows;
      }),

    'sandbox:storefront-burst': async (input) => {
      const url = s.listenerUrl();
      if (!s.sandboxMode.get() || !url) throw new AppErrorException('conflict', 'The storefront simulator runs in sandbox mode only.');
      const apiKey = await s.platformKey.current();
      if (!apiKey) throw new AppErrorException('conflict', 'Create a platform API key in Settings first; the storefront signs its requests with it.');
      const costCodes = s.repos.departments.list().flatMap((d) => (d.cermCostCode ? [d.cermCostCode] : []));
      return postRegistrationBurst({ listenerUrl: url, apiKey, count: input.count, costCodes });
    },
    'platform:api': async () => {
      const url = s.listenerUrl() ? `${s.listenerUrl()}/platform/registrations` : null;
      try {
        return { apiKey: (await s.platformKey.current()) ? 'set' : 'not set', url };
      } catch {
        return { apiKey: 'unavailable', url };
      }
    },
    'platform:rotate-key': async () => {
      const newKey = await s.platformKey.rotate();
      return { apiKey: 'set' as const, url: s.listenerUrl() ? `${s.listenerUrl()}/platform/registrations` : null, newKey };
    },
  };
}
