import { describe, expect, it } from 'vitest';
import { AccountingSandbox, FLAG_FIELD } from '../../../src-main/connectors/accounting/sandbox';
import { CermSandbox } from '../../../src-main/connectors/cerm/sandbox';
import { textProblem } from '../../../src-main/connectors/accounting/sandbox-data';

const sim = new AccountingSandbox({ seed: 42 });
const primaryEmail = (c: { contacts: { email: string | null }[] }) => c.contacts[0]?.email ?? null;

describe("the accounting simulator's seeded data", () => {
  it('is the same for the same seed and differs for another', () => {
    const again = new AccountingSandbox({ seed: 42 });
    const other = new AccountingSandbox({ seed: 7 });
    expect(again.customers.map((c) => c.uuid)).toEqual(sim.customers.map((c) => c.uuid));
    expect(JSON.stringify(again.customers)).toBe(JSON.stringify(sim.customers));
    expect(other.customers[0]!.uuid).not.toBe(sim.customers[0]!.uuid);
  });

  it('holds 2,000 customers by default, each with a unique UUID and a unique account number', () => {
    expect(sim.customers).toHaveLength(2000);
    expect(new Set(sim.customers.map((c) => c.uuid)).size).toBe(2000);
    expect(new Set(sim.customers.map((c) => c.accountNumber)).size).toBe(2000);
    for (const c of sim.customers) expect(c.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Most numbers are automatic; some were typed by hand.
    expect(sim.customers.filter((c) => !/^\d+$/.test(c.accountNumber)).length).toBeGreaterThan(30);
  });

  it('stamps every record: created = modified and version 0 unless edited since', () => {
    for (const c of sim.customers) {
      expect(Date.parse(c.createdTimestamp)).toBeLessThanOrEqual(Date.parse(c.modifiedTimestamp));
      if (c.versionNumber === 0) expect(c.modifiedTimestamp).toBe(c.createdTimestamp);
      expect(c.deletedTimestamp).toBeNull();
    }
    expect(sim.customers.some((c) => c.versionNumber > 0)).toBe(true);
  });

  it('defines Boolean custom fields labelled Checkbox Field 1..4 and fields of the other types', () => {
    const booleans = sim.fieldDefinitions.filter((f) => f.type === 'boolean');
    expect(booleans.map((f) => f.label)).toEqual(['Checkbox Field 1', 'Checkbox Field 2', 'Checkbox Field 3', 'Checkbox Field 4']);
    expect(new Set(sim.fieldDefinitions.filter((f) => f.type !== 'boolean').map((f) => f.type))).toEqual(
      new Set(['text', 'multiLineText', 'date', 'time', 'integer', 'decimal', 'email', 'phone', 'link', 'customerContact']),
    );
    for (const f of sim.fieldDefinitions) expect(f.versionNumber).toBe(0);
  });

  it('flags a configurable share of customers with Checkbox Field 2', () => {
    const share = sim.flagged(FLAG_FIELD).length / 2000;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    const most = new AccountingSandbox({ seed: 42, flaggedShare: 0.9 }).flagged().length / 2000;
    expect(most).toBeGreaterThan(0.85);
    expect(new AccountingSandbox({ seed: 42, flaggedShare: 0 }).flagged()).toHaveLength(0);
  });

  it('has customers without contacts, contacts without email, and emails that repeat across customers', () => {
    expect(sim.customers.filter((c) => c.contacts.length === 0).length).toBeGreaterThanOrEqual(40);
    expect(sim.customers.filter((c) => c.contacts.length > 0 && primaryEmail(c) === null).length).toBeGreaterThanOrEqual(40);
    expect(sim.customers.filter((c) => c.contacts.length > 1).length).toBeGreaterThan(400);
    const owners = new Map<string, Set<string>>();
    for (const c of sim.customers)
      for (const k of c.contacts) if (k.email) owners.set(k.email, (owners.get(k.email) ?? new Set()).add(c.uuid));
    const shared = [...owners.values()].filter((s) => s.size > 1);
    expect(shared.length).toBeGreaterThanOrEqual(40);
  });

  it("reuses emails of the CERM simulator's customers (same seed), as sandbox collisions on import", () => {
    const cerm = new Set(new CermSandbox(42, 2_000).customers.map((c) => c.Email));
    const colliding = sim.customers.filter((c) => cerm.has(primaryEmail(c)));
    expect(colliding.length).toBeGreaterThanOrEqual(15);
  });

  it('builds 100,000 customers for a bench, all unique', () => {
    const big = new AccountingSandbox({ seed: 42, customers: 100_000 });
    expect(big.customers).toHaveLength(100_000);
    expect(new Set(big.customers.map((c) => c.uuid)).size).toBe(100_000);
    expect(new Set(big.customers.map((c) => c.accountNumber)).size).toBe(100_000);
    expect(() => new AccountingSandbox({ customers: 100_001 })).toThrow(/0 to 100,000/);
  });

  it('numbers added customers apart per generation, so nothing repeats across restarts', () => {
    const a = new AccountingSandbox({ seed: 42, generation: 0 }).addCustomers([{ name: 'New One Ltd' }])[0]!;
    const b = new AccountingSandbox({ seed: 42, generation: 1 }).addCustomers([{ name: 'New One Ltd' }])[0]!;
    expect(a.uuid).not.toBe(b.uuid);
    expect(a.accountNumber).not.toBe(b.accountNumber);
    expect(a.versionNumber).toBe(0);
    expect(a.createdTimestamp).toBe(a.modifiedTimestamp);
  });

  it("refuses text Infusion refuses: tabs, newlines, control characters, leading and double spaces", () => {
    for (const bad of ['a\tb', 'a\nb', 'a\u0007b', ' lead', 'two  spaces']) expect(textProblem(bad)).not.toBeNull();
    expect(textProblem("O'Neill & Co Ltd")).toBeNull();
    const s = new AccountingSandbox({ seed: 42, customers: 10 });
    expect(() => s.editCustomer(s.customers[0]!.uuid, { name: 'Tab\tName' })).toThrow(/control character/);
    expect(() => s.addCustomers([{ name: 'Double  Space Ltd' }])).toThrow(/two spaces/);
    expect(() => s.editCustomer(s.customers[0]!.uuid, { accountNumber: s.customers[1]!.accountNumber })).toThrow(/already used/);
  });
});
