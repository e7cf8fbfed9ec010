// Deterministic seed data for the ERP simulator (an Acumatica-style contract-based REST API): customers with their
// contacts and ship-to locations, price classes, items, and sales prices. Prices are not stored: price n is worked out
// from its index, so a bench of 1,000,000 prices builds as fast as one of 50,000.
import { mulberry32 } from '../../sandbox/sandbox-server';

export interface SimAddress {
  AddressLine1: string | null;
  AddressLine2: string | null;
  City: string | null;
  State: string | null;
  PostalCode: string | null;
  Country: string | null;
}

export interface SimContact {
  id: string;
  ContactID: number;
  /** The CustomerID of the account it belongs to (Acumatica's BusinessAccount). */
  BusinessAccount: string;
  FirstName: string | null;
  LastName: string | null;
  Email: string | null;
  Phone1: string | null;
  Active: boolean;
  Address: SimAddress;
  note: string;
  modified: number;
}

export interface SimCustomer {
  id: string;
  BAccountID: number;
  CustomerID: string;
  CustomerName: string;
  Status: string;
  CustomerClass: string;
  Terms: string | null;
  PriceClassID: string | null;
  /** The default salesperson (Salespersons[] with Default = true): the platform's rep code. */
  SalespersonID: string | null;
  CreditLimit: number;
  CurrencyID: string;
  /** The account's own contact (MainContact); the bill-to contact is the same unless set apart. */
  main: { Email: string | null; Phone1: string | null; Attention: string | null; Address: SimAddress };
  contactIds: number[];
  note: string;
  modified: number;
}

export interface SimLocation {
  id: string;
  Customer: string;
  LocationID: string;
  LocationName: string;
  Active: boolean;
  Default: boolean;
  PriceClass: string | null;
  Email: string | null;
  Phone1: string | null;
  Address: SimAddress;
  note: string;
  modified: number;
}

export interface SimItem {
  InventoryID: string;
  Description: string;
  /** Inactive items exist in the catalogue but refuse new order lines. */
  ItemStatus: 'Active' | 'Inactive';
  BasePrice: number;
}

export interface SimPrice {
  RecordID: number;
  PriceType: 'Customer Price Class' | 'Customer';
  PriceCode: string;
  InventoryID: string;
  UOM: string;
  BreakQty: number;
  Price: number;
  CurrencyID: string;
  EffectiveDate: string;
  ExpirationDate: string | null;
  LastModifiedDateTime: string;
}

/** Seeded records carry times from here on; live changes use the wall clock. */
export const SEED_TIME = Date.UTC(2024, 0, 1);
/** Acumatica writes offsets as +00:00, not Z. */
export const wireTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');
export const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export const PRICE_CLASSES = [
  { PriceClassID: 'RETAIL', Description: 'Retail list', factor: 1 },
  { PriceClassID: 'SILVER', Description: 'Silver trade', factor: 0.9 },
  { PriceClassID: 'WHOLESALE', Description: 'Wholesale', factor: 0.85 },
  { PriceClassID: 'GOLD', Description: 'Gold trade', factor: 0.8 },
  { PriceClassID: 'DIST', Description: 'Distributors', factor: 0.75 },
] as const;
export const TERMS = ['30D', 'NET15', 'NET60', 'COD', '1%10N30'] as const;
export const SALESPEOPLE = ['SP01', 'SP02', 'SP03', 'SP04', 'SP05', 'SP06', 'SP07', 'SP08'] as const;
export const CUSTOMER_STATUSES = ['Active', 'Inactive', 'On Hold', 'Credit Hold', 'One-Time'] as const;
export const CUSTOMER_CLASSES = ['DEFAULT', 'WEB', 'TRADE'] as const;
export const ORDER_TYPES = ['SO', 'QT', 'IN'] as const;
/** InventoryIDs that are in no catalogue, for tests of the field-level error. */
export const UNKNOWN_ITEMS = ['NOPE', 'WIDGET-0', 'ITEM-99999'] as const;

const FIRST = ['Ava', 'Ben', 'Chloe', 'Daan', 'Emma', 'Finn', 'Greta', 'Hugo', 'Iris', 'Jonas', 'Lena', 'Milan', 'Nora', 'Oscar', 'Pia', 'Ruben'];
const LAST = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'Dubois', 'Lambert', "O'Neill"];
const WORD1 = ['Northern', 'Harbour', 'Summit', 'Blue Ridge', 'Oak', 'Riverside', 'Crown', 'Atlas', 'Pioneer', 'Coastal', 'Greenfield'];
const WORD2 = ['Print', 'Supplies', 'Trading', 'Engineering', 'Foods', 'Logistics', 'Design', 'Hardware', 'Packaging', 'Textiles'];
const FORM = ['Inc', 'LLC', 'Co', 'Group', 'Partners', 'Holdings'];
const CITIES = [
  ['Kirkland', 'WA', '98033'],
  ['Tacoma', 'WA', '98402'],
  ['Portland', 'OR', '97204'],
  ['Boise', 'ID', '83702'],
  ['Spokane', 'WA', '99201'],
  ['Eugene', 'OR', '97401'],
] as const;
const STREETS = ['Main St', 'Oak Ave', 'Harbor Way', 'Pine Rd', 'Market St', '5th Ave'];

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A GUID (version 4 layout) from the seeded stream: fast enough for 100,000 customers and their parts. */
export function guidFrom(rand: () => number): string {
  const w = () => {
    const n = Math.floor(rand() * 2 ** 32);
    return HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
  };
  const [a, b, c, d] = [w(), w(), w(), w()];
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[parseInt(c[0]!, 16) & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** A 32-bit mix of (seed, n): the same price for the same index, whatever was asked before. */
function mix(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export const customerIdOf = (i: number): string => `C${pad(i, 6)}`;
export const itemIdOf = (i: number): string => `ITEM-${pad(i, 5)}`;

export interface ErpSeed {
  customers: SimCustomer[];
  contacts: SimContact[];
  locations: SimLocation[];
  items: SimItem[];
}

function address(rand: () => number, n: number): SimAddress {
  const [city, state, zip] = CITIES[Math.floor(rand() * CITIES.length)]!;
  return {
    AddressLine1: `${10 + (n % 990)} ${STREETS[Math.floor(rand() * STREETS.length)]}`,
    AddressLine2: n % 5 === 0 ? `Suite ${100 + (n % 50)}` : null,
    City: city,
    State: state,
    PostalCode: zip,
    Country: 'US',
  };
}

/**
 * What the seeded customers hold, by index i (1-based), so tests can find each case:
 * - i % 29 == 0 Inactive, i % 31 == 0 On Hold, i % 43 == 0 Credit Hold; the rest Active;
 * - i % 17 == 0: no price class; i % 19 == 0: no salesperson;
 * - i % 3 == 0: two contacts, i % 6 == 0: three; the rest one;
 * - every customer has its MAIN location; i % 2 == 0 a second ship-to, i % 10 == 0 a third (inactive);
 * - i % 7 == 0: edited since creation (LastModifiedDateTime later than the rest).
 */
export function seedErp(seed: number, count: number, itemCount: number): ErpSeed {
  const rand = mulberry32(seed ^ 0xe4b);
  const customers: SimCustomer[] = [];
  const contacts: SimContact[] = [];
  const locations: SimLocation[] = [];
  let contactNo = 100;
  const span = count * 60_000;
  for (let i = 1; i <= count; i++) {
    const id = customerIdOf(i);
    const name = `${WORD1[Math.floor(rand() * WORD1.length)]} ${WORD2[Math.floor(rand() * WORD2.length)]} ${FORM[Math.floor(rand() * FORM.length)]}`;
    const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '-')}${i}.example`;
    const modified = i % 7 === 0 ? SEED_TIME + span + i * 1_000 : SEED_TIME + i * 60_000;
    const addr = address(rand, i);
    const phone = `+1 206 555 ${pad(i % 10_000, 4)}`;
    const ids: number[] = [];
    const n = i % 6 === 0 ? 3 : i % 3 === 0 ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const [f, l] = [FIRST[Math.floor(rand() * FIRST.length)]!, LAST[Math.floor(rand() * LAST.length)]!];
      const contactId = contactNo++;
      ids.push(contactId);
      contacts.push({
        id: guidFrom(rand),
        ContactID: contactId,
        BusinessAccount: id,
        FirstName: f,
        LastName: l,
        Email: `${f.toLowerCase()}.${l.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`,
        Phone1: k === 0 ? phone : null,
        Active: true,
        Address: addr,
        note: '',
        modified,
      });
    }
    const priceClass = i % 17 === 0 ? null : PRICE_CLASSES[i % PRICE_CLASSES.length]!.PriceClassID;
    customers.push({
      id: guidFrom(rand),
      BAccountID: 1000 + i,
      CustomerID: id,
      CustomerName: name,
      Status: i % 29 === 0 ? 'Inactive' : i % 31 === 0 ? 'On Hold' : i % 43 === 0 ? 'Credit Hold' : 'Active',
      CustomerClass: CUSTOMER_CLASSES[i % CUSTOMER_CLASSES.length]!,
      Terms: TERMS[i % TERMS.length]!,
      PriceClassID: priceClass,
      SalespersonID: i % 19 === 0 ? null : SALESPEOPLE[i % SALESPEOPLE.length]!,
      CreditLimit: (1 + (i % 50)) * 1_000,
      CurrencyID: 'USD',
      main: { Email: `ap@${domain}`, Phone1: phone, Attention: null, Address: addr },
      contactIds: ids,
      note: '',
      modified,
    });
    const shipTos = i % 10 === 0 ? 3 : i % 2 === 0 ? 2 : 1;
    for (let k = 0; k < shipTos; k++) {
      locations.push({
        id: guidFrom(rand),
        Customer: id,
        LocationID: k === 0 ? 'MAIN' : `SHIP${pad(k, 2)}`,
        LocationName: k === 0 ? 'Primary Location' : `${name} warehouse ${k}`,
        Active: k < 2,
        Default: k === 0,
        PriceClass: priceClass,
        Email: k === 0 ? `ap@${domain}` : `receiving${k}@${domain}`,
        Phone1: phone,
        Address: k === 0 ? addr : address(rand, i * 10 + k),
        note: '',
        modified,
      });
    }
  }
  const items: SimItem[] = [];
  for (let k = 1; k <= itemCount; k++) {
    items.push({
      InventoryID: itemIdOf(k),
      Description: `Catalogue item ${k}`,
      // A few inactive items: an order line with one is refused like an unknown one.
      ItemStatus: k % 400 === 0 ? 'Inactive' : 'Active',
      BasePrice: 1 + (mix(seed, k) % 50_000) / 100,
    });
  }
  return { customers, contacts, locations, items };
}

/**
 * The price book, worked out by index. Prices 0 .. classCount-1 are the price-class prices (class-major: every item
 * for RETAIL, then every item for SILVER, ...); the rest are customer prices, customer-major within rounds so that no
 * customer has two prices for one item.
 */
export class PriceBook {
  readonly classCount: number;
  readonly customerCount: number;
  /** Prime to the item count: one customer's prices across rounds are for distinct items. */
  private readonly step: number;

  constructor(
    private readonly seed: number,
    readonly total: number,
    private readonly items: readonly SimItem[],
    private readonly customerIds: (i: number) => string,
    private readonly customers: number,
  ) {
    this.classCount = Math.min(total, PRICE_CLASSES.length * items.length);
    this.customerCount = total - this.classCount;
    if (this.customerCount > customers * items.length)
      throw new Error(`${total} prices need more customers or items (at most ${this.classCount + customers * items.length})`);
    let step = 7;
    while (gcd(step, items.length) !== 1) step++;
    this.step = step;
  }

  at(n: number): SimPrice {
    const I = this.items.length;
    const effective = wireTime(SEED_TIME);
    if (n < this.classCount) {
      const cls = PRICE_CLASSES[Math.floor(n / I)]!;
      const item = this.items[n % I]!;
      return this.price(n, 'Customer Price Class', cls.PriceClassID, item, Math.round(item.BasePrice * cls.factor * 100) / 100, effective);
    }
    const j = n - this.classCount;
    const c = j % this.customers;
    const m = Math.floor(j / this.customers);
    const item = this.items[(m * this.step + c) % I]!;
    const factor = 0.7 + (mix(this.seed, n) % 20) / 100;
    return this.price(n, 'Customer', this.customerIds(c + 1), item, Math.round(item.BasePrice * factor * 100) / 100, effective);
  }

  /** The indices of the prices of one customer (1-based customer number), in order. */
  *ofCustomer(c: number): Generator<number> {
    for (let j = c - 1; j < this.customerCount; j += this.customers) yield this.classCount + j;
  }

  private price(n: number, type: SimPrice['PriceType'], code: string, item: SimItem, price: number, at: string): SimPrice {
    return {
      RecordID: n + 1,
      PriceType: type,
      PriceCode: code,
      InventoryID: item.InventoryID,
      UOM: 'EA',
      BreakQty: 0,
      Price: price,
      CurrencyID: 'USD',
      EffectiveDate: at,
      ExpirationDate: null,
      LastModifiedDateTime: at,
    };
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
