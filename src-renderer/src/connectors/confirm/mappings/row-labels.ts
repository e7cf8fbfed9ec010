import type { MappingSource } from '../../../../../src-preload/contract';
import { ADDRESS_LABEL as CASE_ADDRESS_LABEL } from '../../../features/cases/case-draft';

// Option labels for the mapping row pickers; keys are the contract's.

export const SOURCE_KIND_LABEL: Record<MappingSource['kind'], string> = {
  case_builtin: 'Case',
  case_field: 'Case field',
  case_date: 'Case date',
  case_status: 'Case status',
  person: 'Linked person',
  address: 'Linked address',
  static: 'Text',
};

export const CASE_BUILTIN_LABEL = { title: 'Title', description: 'Description', id: 'Case number' } as const;

export const CASE_DATE_LABEL = { created: 'Created', updated: 'Updated', due: 'Due', closed: 'Closed' } as const;

export const PERSON_LABEL = {
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  email: 'Email',
  phone: 'Phone',
  company: 'Company',
  accountNumber: 'Account number',
} as const;

// The case form's address labels, with the mapping's own two: "Name" is the case's place name, "One line" the whole address.
export const ADDRESS_LABEL = { ...CASE_ADDRESS_LABEL, name: 'Name', oneLine: 'One line' } as const;

/** A fresh source of the given kind, keeping nothing of the old one but a static text. */
export function sourceOfKind(kind: MappingSource['kind'], caseFieldKey: string): MappingSource {
  switch (kind) {
    case 'case_field':
      return { kind, key: caseFieldKey };
    case 'case_date':
      return { kind, key: 'created' };
    case 'case_builtin':
      return { kind, key: 'title' };
    case 'case_status':
      return { kind };
    case 'person':
      return { kind, key: 'fullName' };
    case 'address':
      return { kind, key: 'oneLine' };
    case 'static':
      return { kind, value: '' };
  }
}
