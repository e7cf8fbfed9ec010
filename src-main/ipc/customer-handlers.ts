import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { AppErrorException } from '../errors/app-error';
import { postRegistrationBurst } from '../sandbox/storefront-simulator';
import { UniqueViolation } from '../store/store-errors';

type CustomerChannels =
  | 'customers:search'
  | 'customers:get'
  | 'customers:delete'
  | 'customers:register'
  | 'customers:registration-form'
  | 'departments:list'
  | 'departments:save'
  | 'sandbox:storefront-burst'
  | 'platform:api'
  | 'platform:rotate-key';

async function department(s: CoreServices, id: number) {
  const d = await s.repos.departments.get(id);
  if (!d) throw new AppErrorException('not_found', `There is no department ${id}.`);
  return d;
}

export function createCustomerHandlers(s: CoreServices): Pick<Handlers, CustomerChannels> {
  return {
    'customers:search': async (input) => {
      const page = await s.repos.customers.search({ q: input.q || undefined, departmentId: input.departmentId, after: input.cursor, limit: input.limit });
      return { customers: page.rows, nextCursor: page.next };
    },
    'customers:get': async (input) => {
      const customer = await s.repos.customers.get(input.id);
      if (!customer) throw new AppErrorException('not_found', `There is no customer ${input.id}.`);
      return {
        customer,
        addresses: await s.repos.addresses.ofCustomer(customer.id),
        externalIds: await s.repos.externalIds.of('customer', customer.id),
        log: await s.repos.log.forEntity('customer', String(customer.id), 200),
      };
    },
    'customers:delete': async (input) => {
      const customer = await s.repos.customers.get(input.id);
      if (!customer) throw new AppErrorException('not_found', `There is no customer ${input.id}.`);
      const deleted = await s.repos.transaction(async (tx) => {
        await s.events.raise(tx, 'customer.deleted', { customerId: customer.id, email: customer.email, at: s.now() });
        const gone = await tx.customers.delete(customer.id);
        if (gone)
          await s.log.write({ connectorId: 'platform', action: 'customer:delete', entityType: 'customer', entityId: String(customer.id), outcome: 'success', message: `${customer.email} deleted by staff (origin ${customer.origin})` });
        return gone;
      });
      return { deleted };
    },
    'customers:register': (input) => s.registration.register(input, 'staff', { waitMs: 3_000 }),
    'customers:registration-form': async () => await s.registration.form(),

    'departments:list': async () => await s.repos.departments.list(),
    'departments:save': async (input) => {
      const t = s.now();
      try {
        if (input.id === undefined) return await department(s, await s.repos.departments.create(input.name, input.description, t));
        await department(s, input.id);
        await s.repos.departments.update(input.id, input.name, input.description, t);
        return await department(s, input.id);
      } catch (err) {
        if (err instanceof UniqueViolation) throw new AppErrorException('conflict', `A department named "${input.name}" already exists.`, [{ path: 'name', message: 'already exists' }]);
        throw err;
      }
    },

    'sandbox:storefront-burst': async (input) => {
      const url = s.listenerUrl();
      if (!s.sandboxMode.get() || !url) throw new AppErrorException('conflict', 'The storefront simulator runs in sandbox mode only.');
      const apiKey = await s.platformKey.current();
      if (!apiKey) throw new AppErrorException('conflict', 'Create a platform API key in Settings first; the storefront signs its requests with it.');
      const costCodes = (await s.repos.departments.list()).flatMap((d) => (d.cermCostCode ? [d.cermCostCode] : []));
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
