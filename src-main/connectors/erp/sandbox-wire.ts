// How the ERP simulator's records look on the wire (Acumatica's JSON entity representation: `id`, `rowNumber`,
// `note`, `custom`, `_links`, every other field wrapped as {"value": ...}, linked entities and details only when
// expanded), and how $filter reads their fields.
import { v, wrapAll, type Scalar } from './sandbox-odata';
import { wireTime, type SimAddress, type SimContact, type SimCustomer, type SimLocation, type SimPrice } from './sandbox-data';

export interface SimOrderLine {
  id: string;
  LineNbr: number;
  InventoryID: string;
  OrderQty: number;
  UOM: string;
  UnitPrice: number;
}

export interface SimOrder {
  id: string;
  OrderType: string;
  OrderNbr: string;
  CustomerID: string;
  CustomerOrder: string | null;
  Date: number;
  Status: string;
  Hold: boolean;
  LocationID: string | null;
  Description: string | null;
  ShipToAddressOverride: boolean;
  ShipToAddress: SimAddress;
  ShipToContact: { Email: string | null; Phone1: string | null; Attention: string | null };
  Details: SimOrderLine[];
  note: string;
  modified: number;
}

type Wire = Record<string, unknown>;

const base = (id: string, row: number, note: string, self: string): Wire => ({
  id,
  rowNumber: row,
  note: v(note),
  custom: {},
  _links: { self },
});

function contactBlock(c: { Email: string | null; Phone1: string | null; Attention: string | null; Address: SimAddress }, id: string): Wire {
  return { id, rowNumber: 1, note: v(null), custom: {}, ...wrapAll({ Email: c.Email, Phone1: c.Phone1, Attention: c.Attention }), Address: { id, rowNumber: 1, note: v(null), custom: {}, ...wrapAll({ ...c.Address }) } };
}

export function wireCustomer(c: SimCustomer, row: number, expand: ReadonlySet<string>, prefix: string, contacts: () => SimContact[]): Wire {
  const out: Wire = {
    ...base(c.id, row, c.note, `${prefix}/Customer/${c.id}`),
    ...wrapAll({
      BAccountID: c.BAccountID,
      CustomerID: c.CustomerID,
      CustomerName: c.CustomerName,
      Status: c.Status,
      CustomerClass: c.CustomerClass,
      Terms: c.Terms,
      PriceClassID: c.PriceClassID,
      CreditLimit: c.CreditLimit,
      CurrencyID: c.CurrencyID,
      Email: c.main.Email,
      LastModifiedDateTime: wireTime(c.modified),
    }),
  };
  if (expand.has('MainContact')) out.MainContact = contactBlock(c.main, c.id);
  if (expand.has('BillingContact')) out.BillingContact = contactBlock(c.main, c.id);
  if (expand.has('ShippingContact')) out.ShippingContact = contactBlock(c.main, c.id);
  if (expand.has('Salespersons'))
    out.Salespersons = c.SalespersonID
      ? [{ id: c.id, rowNumber: 1, note: v(null), custom: {}, ...wrapAll({ SalespersonID: c.SalespersonID, LocationID: 'MAIN', Commission: 5, Default: true }) }]
      : [];
  if (expand.has('Contacts'))
    out.Contacts = contacts().map((k, i) => ({ id: k.id, rowNumber: i + 1, note: v(null), custom: {}, ...wrapAll({ ContactID: k.ContactID, Contact: [k.FirstName, k.LastName].filter(Boolean).join(' '), Email: k.Email }) }));
  return out;
}

export function wireContact(k: SimContact, row: number, prefix: string): Wire {
  return {
    ...base(k.id, row, k.note, `${prefix}/Contact/${k.id}`),
    ...wrapAll({
      ContactID: k.ContactID,
      BusinessAccount: k.BusinessAccount,
      FirstName: k.FirstName,
      LastName: k.LastName,
      DisplayName: [k.FirstName, k.LastName].filter(Boolean).join(' '),
      Email: k.Email,
      Phone1: k.Phone1,
      Active: k.Active,
      LastModifiedDateTime: wireTime(k.modified),
    }),
    Address: { id: k.id, rowNumber: 1, note: v(null), custom: {}, ...wrapAll({ ...k.Address }) },
  };
}

export function wireLocation(l: SimLocation, row: number, prefix: string): Wire {
  return {
    ...base(l.id, row, l.note, `${prefix}/CustomerLocation/${l.id}`),
    ...wrapAll({
      Customer: l.Customer,
      LocationID: l.LocationID,
      LocationName: l.LocationName,
      Active: l.Active,
      Default: l.Default,
      PriceClass: l.PriceClass,
      LastModifiedDateTime: wireTime(l.modified),
    }),
    LocationContact: contactBlock({ Email: l.Email, Phone1: l.Phone1, Attention: null, Address: l.Address }, l.id),
  };
}

export function wireOrder(o: SimOrder, row: number, expand: ReadonlySet<string>, prefix: string): Wire {
  const total = o.Details.reduce((sum, d) => sum + d.OrderQty * d.UnitPrice, 0);
  const out: Wire = {
    ...base(o.id, row, o.note, `${prefix}/SalesOrder/${o.id}`),
    ...wrapAll({
      OrderType: o.OrderType,
      OrderNbr: o.OrderNbr,
      CustomerID: o.CustomerID,
      CustomerOrder: o.CustomerOrder,
      Date: wireTime(o.Date),
      Status: o.Status,
      Hold: o.Hold,
      LocationID: o.LocationID,
      Description: o.Description,
      OrderTotal: Math.round(total * 100) / 100,
      ShipToAddressOverride: o.ShipToAddressOverride,
      LastModified: wireTime(o.modified),
    }),
  };
  if (expand.has('ShipToAddress')) out.ShipToAddress = { id: o.id, rowNumber: 1, note: v(null), custom: {}, ...wrapAll({ ...o.ShipToAddress }) };
  if (expand.has('ShipToContact')) out.ShipToContact = { id: o.id, rowNumber: 1, note: v(null), custom: {}, ...wrapAll({ ...o.ShipToContact }) };
  if (expand.has('Details'))
    out.Details = o.Details.map((d, i) => ({ id: d.id, rowNumber: i + 1, note: v(null), custom: {}, ...wrapAll({ LineNbr: d.LineNbr, InventoryID: d.InventoryID, OrderQty: d.OrderQty, UOM: d.UOM, UnitPrice: d.UnitPrice, ExtendedPrice: Math.round(d.OrderQty * d.UnitPrice * 100) / 100 }) }));
  return out;
}

export function wirePrice(p: SimPrice, row: number): Wire {
  return { id: `price-${p.RecordID}`, rowNumber: row, note: v(null), custom: {}, ...wrapAll({ ...p }) };
}

// ---- $filter field readers (times as ms) ---------------------------------------------------------------------------

export function customerField(c: SimCustomer, f: string): Scalar | undefined {
  switch (f) {
    case 'LastModifiedDateTime':
      return c.modified;
    case 'MainContact/Email':
    case 'Email':
      return c.main.Email;
    case 'MainContact/Address/City':
      return c.main.Address.City;
    case 'CustomerID':
    case 'CustomerName':
    case 'Status':
    case 'CustomerClass':
    case 'Terms':
    case 'PriceClassID':
    case 'CurrencyID':
    case 'BAccountID':
    case 'CreditLimit':
      return c[f];
    default:
      return undefined;
  }
}

export function contactField(k: SimContact, f: string): Scalar | undefined {
  if (f === 'LastModifiedDateTime') return k.modified;
  if (f === 'ContactID' || f === 'BusinessAccount' || f === 'FirstName' || f === 'LastName' || f === 'Email' || f === 'Active') return k[f];
  return undefined;
}

export function locationField(l: SimLocation, f: string): Scalar | undefined {
  if (f === 'LastModifiedDateTime') return l.modified;
  if (f === 'Customer' || f === 'LocationID' || f === 'Active' || f === 'Default' || f === 'PriceClass') return l[f];
  return undefined;
}

export function orderField(o: SimOrder, f: string): Scalar | undefined {
  if (f === 'LastModified') return o.modified;
  if (f === 'OrderType' || f === 'OrderNbr' || f === 'CustomerID' || f === 'CustomerOrder' || f === 'Status') return o[f];
  return undefined;
}
