import type { CoreServices } from '../core/services';
import type { Handlers } from './router';
import { AppErrorException } from '../errors/app-error';
import { postOrderBurst } from '../sandbox/storefront-orders';

type AccountChannels =
  | 'accounts:search'
  | 'accounts:get'
  | 'accounts:create'
  | 'accounts:update'
  | 'accounts:set-status'
  | 'accounts:history'
  | 'accounts:reapply'
  | 'accounts:add-contact'
  | 'accounts:set-contact-login'
  | 'accounts:send-password-email'
  | 'accounts:prices'
  | 'accounts:add-override'
  | 'accounts:delete-override'
  | 'accounts:orders'
  | 'sandbox:storefront-orders'
  | 'accounts:editing';

export function createAccountHandlers(s: CoreServices): Pick<Handlers, AccountChannels> {
  const a = s.accounts;
  return {
    'accounts:search': (input) => a.search(input),
    'accounts:get': (input) => a.detail(input.id),
    'accounts:create': (input) => a.create(input),
    'accounts:update': (input) => a.update(input.id, input.patch),
    'accounts:set-status': (input) => a.setStatus(input.id, input.status),
    'accounts:history': (input) => a.history(input.id),
    'accounts:reapply': (input) => a.reapply(input.changeId),
    'accounts:add-contact': (input) => a.addContact(input),
    'accounts:set-contact-login': (input) => a.setContactLogin(input.contactId, input.enabled),
    'accounts:send-password-email': (input) => a.sendPasswordEmail(input.contactId),
    'accounts:prices': (input) => s.prices.page(input),
    'accounts:add-override': (input) => s.prices.addOverride(input, 'staff'),
    'accounts:delete-override': (input) => s.prices.deleteOverride(input.id),
    'accounts:orders': (input) => a.orders(input.accountId, input.cursor),
    'accounts:editing': () => a.editing(),
    'sandbox:storefront-orders': async (input) => {
      const url = s.listenerUrl();
      if (!s.sandboxMode.get() || !url) throw new AppErrorException('conflict', 'The storefront simulator runs in sandbox mode only.');
      const apiKey = await s.platformKey.current();
      if (!apiKey) throw new AppErrorException('conflict', 'Create a platform API key in Settings first; the storefront signs its requests with it.');
      const buyers = (await s.repos.accounts.orderingContacts(200)).map((c) => ({
        accountNumber: c.accountNumber,
        contactEmail: c.email,
        shipTo: { name: c.accountName, line1: c.address.line1 ?? '1 Main St', city: c.address.city ?? 'Springfield', state: c.address.state ?? undefined, postalCode: c.address.postalCode ?? '62701', country: c.address.country ?? 'US' },
      }));
      if (input.kind === 'b2b' && buyers.length === 0)
        throw new AppErrorException('conflict', 'No contact can order yet: B2B orders need an enabled account with an account number and a contact whose login is on.');
      const catalogue = await s.repos.prices.catalogue(500);
      if (catalogue.length === 0)
        throw new AppErrorException('conflict', 'The storefront has nothing to sell yet: it sells the items the ERP prices. Run "Prices from the ERP" on Sync Status first.');
      return postOrderBurst({ listenerUrl: url, apiKey, count: input.count, kind: input.kind, buyers, catalogue });
    },
  };
}
