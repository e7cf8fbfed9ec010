import { ACCOUNT_FIELD_LABELS } from '../../src-preload/contract/account-models';

export { ACCOUNT_FIELD_LABELS };

export function accountFieldLabel(field: string): string {
  return (ACCOUNT_FIELD_LABELS as Record<string, string>)[field] ?? field;
}
