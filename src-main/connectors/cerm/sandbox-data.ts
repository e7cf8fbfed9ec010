// Deterministic seed data for the CERM simulator: customers with cost codes, and their addresses, drawn from the word
// lists in resources/sandbox/cerm/.
import { mulberry32 } from '../../sandbox/sandbox-server';
import cities from '../../../resources/sandbox/cerm/cities.json';
import companyNames from '../../../resources/sandbox/cerm/company-names.json';
import countries from '../../../resources/sandbox/cerm/countries.json';
import streets from '../../../resources/sandbox/cerm/streets.json';

export interface SimCustomer {
  Id: string;
  Number: string;
  Name: string;
  CostCode: string | null;
  Email: string | null;
  PhoneNumber: string | null;
  Street: string | null;
  PostalCode: string | null;
  City: string | null;
  Country: string | null;
  VatNumber: string | null;
  ExternalReference: string | null;
  Active: boolean;
  LastModified: string;
}

export interface SimAddress {
  Id: string;
  CustomerId: string;
  Name: string | null;
  Street: string | null;
  Number: string | null;
  PostalCode: string | null;
  City: string | null;
  CountryId: string | null;
  Country: string | null;
  Email: string | null;
  PhoneNumber: string | null;
  IsDeliveryAddress: boolean;
  IsInvoiceAddress: boolean;
  Active: boolean;
  LastModified: string;
}

/** Seeded records carry change times from here on, one second apart; live changes use the wall clock. */
export const SEED_TIME = Date.UTC(2024, 0, 1);

// The vocabulary lives in resources/sandbox/cerm/ and is bundled in (a JSON import): the app, its tests and a package
// read the same words with no file to find at run time. Typed here, so a file edited into another shape fails typecheck.
interface CompanyNames {
  first: readonly string[];
  second: readonly string[];
  legalForms: readonly string[];
}
interface SeedCity {
  postalCode: string;
  city: string;
  countryId: string;
}
const NAMES: CompanyNames = companyNames;
const [FIRST, SECOND, FORM] = [NAMES.first, NAMES.second, NAMES.legalForms];
const CITIES: readonly SeedCity[] = cities;
const COUNTRY: Readonly<Record<string, string>> = countries;
const STREETS: readonly string[] = streets;

export const pad = (n: number, width: number): string => String(n).padStart(width, '0');
export const isoAt = (ms: number): string => new Date(ms).toISOString();

export function seedData(seed: number, count: number): { customers: SimCustomer[]; addresses: SimAddress[] } {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const customers: SimCustomer[] = [];
  const addresses: SimAddress[] = [];
  let addressSeq = 0;
  for (let i = 1; i <= count; i++) {
    const { postalCode, city, countryId } = pick(CITIES);
    // Some names carry commas and quotes, as real company names do: exports must quote them.
    const name = i % 97 === 0 ? `${pick(FIRST)} ${pick(SECOND)}, "Quality" ${pick(FORM)}` : `${pick(FIRST)} ${pick(SECOND)} ${pick(FORM)}`;
    const slug = name.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
    const street = pick(STREETS);
    const houseNumber = String(1 + Math.floor(rand() * 250));
    const phone = `+32 ${pad(Math.floor(rand() * 100), 2)} ${pad(Math.floor(rand() * 1_000_000), 6)}`;
    const modified = isoAt(SEED_TIME + i * 1000);
    const id = pad(i, 6);
    customers.push({
      Id: id,
      Number: String(10_000 + i),
      Name: name,
      // 7919 is prime to 10^6, so the codes are unique; every tenth customer has none.
      CostCode: i % 10 === 0 ? null : `CC${pad((i * 7919) % 1_000_000, 6)}`,
      Email: `info@${slug}-${i}.example`,
      PhoneNumber: phone,
      Street: `${street} ${houseNumber}`,
      PostalCode: postalCode,
      City: city,
      Country: COUNTRY[countryId]!,
      VatNumber: countryId === 'BE' ? `BE0${pad(Math.floor(rand() * 1e9), 9)}` : null,
      ExternalReference: null,
      Active: true,
      LastModified: modified,
    });
    const extra = i % 3 === 0 ? 1 : 0;
    for (let k = 0; k <= extra; k++) {
      addresses.push({
        Id: pad(++addressSeq, 8),
        CustomerId: id,
        Name: k === 0 ? name : `${name} (warehouse)`,
        Street: k === 0 ? street : pick(STREETS),
        Number: k === 0 ? houseNumber : String(1 + Math.floor(rand() * 250)),
        PostalCode: postalCode,
        City: city,
        CountryId: countryId,
        Country: COUNTRY[countryId]!,
        Email: k === 0 ? `invoices@${slug}-${i}.example` : null,
        PhoneNumber: k === 0 ? phone : null,
        IsDeliveryAddress: true,
        IsInvoiceAddress: k === 0,
        Active: true,
        LastModified: modified,
      });
    }
  }
  return { customers, addresses };
}
