import { describe, expect, it } from 'vitest';
import { changeOf, customerOf, isBooleanField, parseJsonText, searchPageOf, syncPageOf } from '../../../src-main/connectors/accounting/parse';
import { RemoteError } from '../../../src-main/engine/remote-error';

const wire = {
  uuid: '7c50fabe-933a-4469-86c1-46f1c1444b4d',
  accountNumber: '000123',
  name: 'Kiwi Motors NZ Ltd',
  customFields: [
    { code: 'CHECKBOX2', value: true },
    { code: 'STAFF', value: 12 },
    { code: 'REGION', value: null },
  ],
  contacts: [
    { uuid: 'c1', firstName: 'Oscar', lastName: 'Dubois', email: '  oscar@kiwi.example ' },
    { uuid: 'c2', firstName: 'Iris', lastName: null, email: '' },
  ],
  createdTimestamp: '2024-01-01T01:37:00.000Z',
  modifiedTimestamp: '2024-01-02T01:37:00.000Z',
  versionNumber: 2,
  deletedTimestamp: null,
};

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as RemoteError).kind).toBe('validation');
    return (err as Error).message;
  }
  throw new Error('expected a format error');
};

describe('accounting wire parsing', () => {
  it('maps a customer to a plain record: text account number, typed custom fields, contacts in order', () => {
    expect(customerOf(wire, 'here')).toEqual({
      uuid: wire.uuid,
      accountNumber: '000123',
      name: 'Kiwi Motors NZ Ltd',
      customFields: { CHECKBOX2: true, STAFF: 12, REGION: null },
      contacts: [
        { uuid: 'c1', firstName: 'Oscar', lastName: 'Dubois', name: 'Oscar Dubois', email: 'oscar@kiwi.example' },
        { uuid: 'c2', firstName: 'Iris', lastName: null, name: 'Iris', email: null },
      ],
      createdTimestamp: '2024-01-01T01:37:00.000Z',
      modifiedTimestamp: '2024-01-02T01:37:00.000Z',
      versionNumber: 2,
      deletedTimestamp: null,
    });
  });

  it('reads custom fields sent as a map, a numeric account number as text, and no contacts at all', () => {
    const c = customerOf({ ...wire, accountNumber: 4711, customFields: { CHECKBOX1: false }, contacts: undefined }, 'here');
    expect(c.accountNumber).toBe('4711');
    expect(c.customFields).toEqual({ CHECKBOX1: false });
    expect(c.contacts).toEqual([]);
  });

  it('reads a deletion that carries no more than its UUID and stamps', () => {
    const d = changeOf({ uuid: 'u1', modifiedTimestamp: '2024-02-01T00:00:00Z', versionNumber: 3, deletedTimestamp: '2024-02-01T00:00:00Z' }, 'here');
    expect(d).toMatchObject({ uuid: 'u1', accountNumber: null, name: null, deletedTimestamp: '2024-02-01T00:00:00Z', contacts: [] });
  });

  it('names the record and the field that is wrong, in plain words', () => {
    expect(messageOf(() => customerOf({ ...wire, accountNumber: undefined }, 'page 1, record 3'))).toBe('page 1, record 3: accountNumber is missing');
    expect(messageOf(() => customerOf({ ...wire, versionNumber: 'one' }, 'r'))).toBe('r: versionNumber should be a number, not "one"');
    expect(messageOf(() => customerOf({ ...wire, versionNumber: 1.5 }, 'r'))).toBe('r: versionNumber should be a whole number, not 1.5');
    expect(messageOf(() => customerOf({ ...wire, modifiedTimestamp: 'yesterday' }, 'r'))).toBe('r: modifiedTimestamp is not a date-time ("yesterday")');
    expect(messageOf(() => customerOf({ ...wire, contacts: [{ email: 42 }] }, 'r'))).toBe('r: contacts[0].email should be text, not 42');
    expect(messageOf(() => customerOf({ ...wire, name: '' }, 'r'))).toBe('r: name is empty');
  });

  it('names the page and the record (with its UUID) inside a page', () => {
    const body = { items: [wire, { ...wire, uuid: 'bad-one', name: 7 }], totalCount: 2 };
    expect(messageOf(() => searchPageOf(body, 'Infusion customer search at offset 0', customerOf))).toBe(
      'Infusion customer search at offset 0, record 2 (uuid bad-one): name should be text, not 7',
    );
    expect(messageOf(() => syncPageOf({ items: [] }, 'Infusion customer sync'))).toBe('Infusion customer sync: the answer: nextCursor is missing; moreAvailable is missing');
    expect(messageOf(() => searchPageOf([], 'w', customerOf))).toBe('w: the answer: the record should be an object, not []');
  });

  it('says when an answer is not JSON at all', () => {
    expect(messageOf(() => parseJsonText('{"items": [', 'Infusion customer search at offset 0'))).toMatch(/^Infusion customer search at offset 0: the answer is not valid JSON \(/);
  });

  it('knows a checkbox field by its type, loosely', () => {
    for (const type of ['boolean', 'Boolean', 'checkbox']) expect(isBooleanField({ uuid: null, code: 'X', label: 'X', type })).toBe(true);
    for (const type of ['text', 'integer', 'customerContact']) expect(isBooleanField({ uuid: null, code: 'X', label: 'X', type })).toBe(false);
  });
});
