// The ERP simulator's PUTs: Customer, Contact, CustomerLocation and SalesOrder upserts. Each body is checked whole
// before anything is applied; a refused one is answered 422 with the body as sent, an `error` placed inside each bad
// wrapped field (detail lines included) and a top-level `error` (the wordings are assumed: see README.md).
import { CUSTOMER_CLASSES, CUSTOMER_STATUSES, ORDER_TYPES, PRICE_CLASSES, SALESPEOPLE, TERMS, type SimAddress, type SimContact, type SimCustomer, type SimLocation } from './sandbox-data';
import { FieldErrors, valueOf } from './sandbox-odata';
import type { SimOrder, SimOrderLine } from './sandbox-wire';
import type { ErpSandbox } from './sandbox';

export type WriteOutcome<T> = { record: T } | { failed: Record<string, unknown> };
type Body = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ADDRESS_FIELDS = ['AddressLine1', 'AddressLine2', 'City', 'State', 'PostalCode', 'Country'] as const;
const notFound = (value: unknown) => `'${String(value)}' cannot be found in the system.`;
const empty = (label: string) => `'${label}' cannot be empty.`;
const summary = (inserting: boolean, what: string) => `${inserting ? 'Inserting' : 'Updating'} '${what}' record raised at least one error. Please review the errors.`;

/** A linked entity of the body (MainContact, Address...), as an object the errors can be placed in; null when absent. */
function child(holder: Body, key: string): Body | null {
  const c = holder[key];
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as Body) : null;
}

function text(holder: Body, key: string): string | null | undefined {
  const x = valueOf(holder[key]);
  if (x === undefined) return undefined;
  if (x === null) return null;
  return String(x).trim();
}

function checkList(errs: FieldErrors, holder: Body, key: string, allowed: readonly string[], nullable = true): void {
  const x = text(holder, key);
  if (x === undefined) return;
  if (x === null || x === '') {
    if (!nullable) errs.fail(holder, key, empty(key));
    return;
  }
  if (!allowed.includes(x)) errs.fail(holder, key, notFound(x));
}

function checkEmail(errs: FieldErrors, holder: Body | null, key = 'Email'): void {
  if (!holder) return;
  const x = text(holder, key);
  if (x && !EMAIL.test(x)) errs.fail(holder, key, `'${x}' is not a valid email address.`);
}

function applyAddress(target: SimAddress, block: Body | null): void {
  if (!block) return;
  for (const f of ADDRESS_FIELDS) {
    const x = text(block, f);
    if (x !== undefined) target[f] = x || null;
  }
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

const clone = (b: Body): Body => JSON.parse(JSON.stringify(b)) as Body;

export function putCustomer(sb: ErpSandbox, sent: Body, wire: (c: SimCustomer) => object): WriteOutcome<object> {
  const body = clone(sent);
  const errs = new FieldErrors();
  const givenId = text(body, 'CustomerID');
  const existing = (typeof body.id === 'string' ? sb.customers.find((c) => c.id === body.id) : undefined) ?? (givenId ? sb.byCustomerId.get(givenId) : undefined);
  const inserting = !existing;
  const name = text(body, 'CustomerName');
  if ((inserting && !name) || name === null || name === '') errs.fail(body, 'CustomerName', empty('Customer Name'));
  if (givenId && !/^[A-Z0-9_-]{1,30}$/i.test(givenId)) errs.fail(body, 'CustomerID', `'${givenId}' is not a valid customer ID: use letters, digits, - and _ (30 at most).`);
  checkList(errs, body, 'Status', CUSTOMER_STATUSES, false);
  checkList(errs, body, 'CustomerClass', CUSTOMER_CLASSES, false);
  checkList(errs, body, 'Terms', TERMS);
  checkList(errs, body, 'PriceClassID', PRICE_CLASSES.map((p) => p.PriceClassID));
  const credit = valueOf(body.CreditLimit);
  if (credit !== undefined && credit !== null && (typeof credit !== 'number' || credit < 0)) errs.fail(body, 'CreditLimit', `'${String(credit)}' is not an amount of 0 or more.`);
  const main = child(body, 'MainContact');
  checkEmail(errs, body);
  checkEmail(errs, main);
  const reps = Array.isArray(body.Salespersons) ? (body.Salespersons as Body[]) : [];
  for (const r of reps) checkList(errs, r, 'SalespersonID', SALESPEOPLE, false);
  if (errs.count) return { failed: { ...body, error: summary(inserting, 'Customer') } };

  const c: SimCustomer = existing ?? {
    id: sb.newGuid(),
    BAccountID: 0,
    CustomerID: givenId || sb.nextCustomerId(),
    CustomerName: name!,
    Status: 'Active',
    CustomerClass: 'DEFAULT',
    Terms: '30D',
    PriceClassID: null,
    SalespersonID: null,
    CreditLimit: 0,
    CurrencyID: 'USD',
    main: { Email: null, Phone1: null, Attention: null, Address: { AddressLine1: null, AddressLine2: null, City: null, State: null, PostalCode: null, Country: 'US' } },
    contactIds: [],
    note: '',
    modified: 0,
  };
  set(c, 'CustomerName', name ?? undefined);
  set(c, 'Status', text(body, 'Status') ?? undefined);
  set(c, 'CustomerClass', text(body, 'CustomerClass') ?? undefined);
  const terms = text(body, 'Terms');
  if (terms !== undefined) c.Terms = terms || null;
  const priceClass = text(body, 'PriceClassID');
  if (priceClass !== undefined) c.PriceClassID = priceClass || null;
  if (typeof credit === 'number') c.CreditLimit = credit;
  const email = text(body, 'Email');
  if (email !== undefined) c.main.Email = email || null;
  if (main) {
    for (const f of ['Email', 'Phone1', 'Attention'] as const) {
      const x = text(main, f);
      if (x !== undefined) c.main[f] = x || null;
    }
    applyAddress(c.main.Address, child(main, 'Address'));
  }
  if (Array.isArray(body.Salespersons)) {
    const def = reps.find((r) => valueOf(r.Default) === true) ?? reps[0];
    c.SalespersonID = def ? (text(def, 'SalespersonID') ?? null) : null;
  }
  const note = valueOf(body.note);
  if (typeof note === 'string') c.note = note;
  c.modified = sb.stamp();
  if (inserting) {
    c.BAccountID = 1000 + sb.customers.length + 1 + sb.generation * 100_000;
    sb.addCustomer(c);
    sb.created.customers++;
    // Acumatica gives every new customer its MAIN location.
    sb.addLocation({ id: sb.newGuid(), Customer: c.CustomerID, LocationID: 'MAIN', LocationName: 'Primary Location', Active: true, Default: true, PriceClass: c.PriceClassID, Email: c.main.Email, Phone1: c.main.Phone1, Address: { ...c.main.Address }, note: '', modified: c.modified });
  } else sb.updated.customers++;
  return { record: wire(c) };
}

export function putContact(sb: ErpSandbox, sent: Body, wire: (k: SimContact) => object): WriteOutcome<object> {
  const body = clone(sent);
  const errs = new FieldErrors();
  const contactId = valueOf(body.ContactID);
  const existing = (typeof body.id === 'string' ? sb.contacts.find((k) => k.id === body.id) : undefined) ?? (contactId != null ? sb.contacts.find((k) => k.ContactID === Number(contactId)) : undefined);
  const inserting = !existing;
  if (inserting && contactId != null) errs.fail(body, 'ContactID', notFound(contactId));
  const account = text(body, 'BusinessAccount');
  if (account && !sb.byCustomerId.has(account)) errs.fail(body, 'BusinessAccount', notFound(account));
  const last = text(body, 'LastName');
  if ((inserting && !last && !text(body, 'FirstName')) || last === '') errs.fail(body, 'LastName', empty('Last Name'));
  checkEmail(errs, body);
  if (errs.count) return { failed: { ...body, error: summary(inserting, 'Contact') } };

  const k: SimContact = existing ?? {
    id: sb.newGuid(),
    ContactID: sb.nextContact(),
    BusinessAccount: account ?? '',
    FirstName: null,
    LastName: null,
    Email: null,
    Phone1: null,
    Active: true,
    Address: { AddressLine1: null, AddressLine2: null, City: null, State: null, PostalCode: null, Country: null },
    note: '',
    modified: 0,
  };
  for (const f of ['BusinessAccount', 'FirstName', 'LastName', 'Email', 'Phone1'] as const) {
    const x = text(body, f);
    if (x !== undefined) (k as unknown as Record<string, string | null>)[f] = f === 'BusinessAccount' ? (x ?? '') : x || null;
  }
  const active = valueOf(body.Active);
  if (typeof active === 'boolean') k.Active = active;
  applyAddress(k.Address, child(body, 'Address'));
  k.modified = sb.stamp();
  sb.contactsChanged();
  if (inserting) {
    sb.contacts.push(k);
    sb.created.contacts++;
  } else sb.updated.contacts++;
  return { record: wire(k) };
}

export function putLocation(sb: ErpSandbox, sent: Body, wire: (l: SimLocation) => object): WriteOutcome<object> {
  const body = clone(sent);
  const errs = new FieldErrors();
  const customer = text(body, 'Customer');
  const locationId = text(body, 'LocationID')?.toUpperCase();
  const existing = (typeof body.id === 'string' ? sb.locations.find((l) => l.id === body.id) : undefined) ?? sb.locations.find((l) => l.Customer === customer && l.LocationID === locationId);
  const inserting = !existing;
  if (inserting) {
    if (!customer) errs.fail(body, 'Customer', empty('Customer'));
    else if (!sb.byCustomerId.has(customer)) errs.fail(body, 'Customer', notFound(customer));
    if (!locationId) errs.fail(body, 'LocationID', empty('Location ID'));
    else if (!/^[A-Z0-9_-]{1,10}$/.test(locationId)) errs.fail(body, 'LocationID', `'${locationId}' is not a valid location ID: use letters, digits, - and _ (10 at most).`);
  }
  checkList(errs, body, 'PriceClass', PRICE_CLASSES.map((p) => p.PriceClassID));
  const contact = child(body, 'LocationContact');
  checkEmail(errs, contact);
  if (errs.count) return { failed: { ...body, error: summary(inserting, 'Location') } };

  const l: SimLocation = existing ?? {
    id: sb.newGuid(),
    Customer: customer!,
    LocationID: locationId!,
    LocationName: locationId!,
    Active: true,
    Default: false,
    PriceClass: sb.byCustomerId.get(customer!)?.PriceClassID ?? null,
    Email: null,
    Phone1: null,
    Address: { AddressLine1: null, AddressLine2: null, City: null, State: null, PostalCode: null, Country: 'US' },
    note: '',
    modified: 0,
  };
  const name = text(body, 'LocationName');
  if (name) l.LocationName = name;
  const active = valueOf(body.Active);
  if (typeof active === 'boolean') l.Active = active;
  const pc = text(body, 'PriceClass');
  if (pc !== undefined) l.PriceClass = pc || null;
  if (contact) {
    for (const f of ['Email', 'Phone1'] as const) {
      const x = text(contact, f);
      if (x !== undefined) l[f] = x || null;
    }
    applyAddress(l.Address, child(contact, 'Address'));
  }
  l.modified = sb.stamp();
  if (inserting) {
    sb.addLocation(l);
    sb.created.locations++;
  } else sb.updated.locations++;
  return { record: wire(l) };
}

export function putOrder(sb: ErpSandbox, sent: Body, wire: (o: SimOrder) => object): WriteOutcome<object> {
  const body = clone(sent);
  const errs = new FieldErrors();
  const type = text(body, 'OrderType') || 'SO';
  if (!(ORDER_TYPES as readonly string[]).includes(type)) errs.fail(body, 'OrderType', notFound(type));
  const nbr = text(body, 'OrderNbr');
  const existing = nbr ? sb.orders.find((o) => o.OrderType === type && o.OrderNbr === nbr) : undefined;
  if (nbr && !existing) errs.fail(body, 'OrderNbr', notFound(nbr));
  if (existing) {
    if (errs.count) return { failed: { ...body, error: summary(false, 'Sales Order') } };
    const description = text(body, 'Description');
    if (description !== undefined) existing.Description = description;
    existing.modified = sb.stamp();
    return { record: wire(existing) };
  }
  const customerId = text(body, 'CustomerID');
  const customer = customerId ? sb.byCustomerId.get(customerId) : undefined;
  if (!customerId) errs.fail(body, 'CustomerID', empty('Customer'));
  else if (!customer) errs.fail(body, 'CustomerID', notFound(customerId));
  else if (customer.Status === 'Inactive' || customer.Status === 'On Hold') errs.fail(body, 'CustomerID', `The customer status is '${customer.Status}'.`);
  const po = text(body, 'CustomerOrder');
  if (po && po.length > 40) errs.fail(body, 'CustomerOrder', 'The customer order number is longer than 40 characters.');
  const locationId = text(body, 'LocationID');
  const location = customer && locationId ? sb.locations.find((l) => l.Customer === customer.CustomerID && l.LocationID === locationId) : undefined;
  if (customer && locationId && !location) errs.fail(body, 'LocationID', notFound(locationId));
  const lines = Array.isArray(body.Details) ? (body.Details as Body[]) : [];
  for (const d of lines) {
    const item = text(d, 'InventoryID');
    const known = item ? sb.itemsById.get(item) : undefined;
    if (!item) errs.fail(d, 'InventoryID', empty('Inventory ID'));
    else if (!known) errs.fail(d, 'InventoryID', notFound(item));
    else if (known.ItemStatus === 'Inactive') errs.fail(d, 'InventoryID', `The item '${item}' is inactive.`);
    const qty = valueOf(d.OrderQty);
    if (typeof qty !== 'number' || !(qty > 0)) errs.fail(d, 'OrderQty', `'${String(qty)}' is not a quantity greater than 0.`);
    const price = valueOf(d.UnitPrice);
    if (price !== undefined && price !== null && (typeof price !== 'number' || price < 0)) errs.fail(d, 'UnitPrice', `'${String(price)}' is not a price of 0 or more.`);
  }
  const shipTo = child(body, 'ShipToAddress');
  checkEmail(errs, child(body, 'ShipToContact'));
  if (errs.count) return { failed: { ...body, error: summary(true, 'Sales Order') } };

  const c = customer!;
  const from = location ?? sb.locations.find((l) => l.Customer === c.CustomerID && l.Default);
  const override = valueOf(body.ShipToAddressOverride) === true;
  const address = { ...(from?.Address ?? c.main.Address) };
  if (override) applyAddress(address, shipTo);
  const hold = valueOf(body.Hold) === true;
  const at = sb.stamp();
  const order: SimOrder = {
    id: sb.newGuid(),
    OrderType: type,
    OrderNbr: sb.nextOrderNbr(),
    CustomerID: c.CustomerID,
    CustomerOrder: po || null,
    Date: at,
    Status: hold ? 'On Hold' : 'Open',
    Hold: hold,
    LocationID: from?.LocationID ?? null,
    Description: text(body, 'Description') ?? null,
    ShipToAddressOverride: override,
    ShipToAddress: address,
    ShipToContact: { Email: text(child(body, 'ShipToContact') ?? {}, 'Email') ?? c.main.Email, Phone1: c.main.Phone1, Attention: null },
    Details: lines.map((d, i): SimOrderLine => {
      const item = sb.itemsById.get(text(d, 'InventoryID')!)!;
      const price = valueOf(d.UnitPrice);
      return { id: sb.newGuid(), LineNbr: i + 1, InventoryID: item.InventoryID, OrderQty: valueOf(d.OrderQty) as number, UOM: text(d, 'UOM') || 'EA', UnitPrice: typeof price === 'number' ? price : item.BasePrice };
    }),
    note: typeof valueOf(body.note) === 'string' ? (valueOf(body.note) as string) : '',
    modified: at,
  };
  sb.orders.push(order);
  sb.created.orders++;
  if (po) sb.ordersByCustomerOrder.set(po, (sb.ordersByCustomerOrder.get(po) ?? 0) + 1);
  return { record: wire(order) };
}
