import { Callout } from '@blueprintjs/core';
import type { ConnectionView } from '../../../../src-preload/contract';
import { mapOk, settle } from '../../api/call';
import { api } from '../../api/client';
import { navigate } from '../../app/router';
import type { FieldExtensions, FieldOption } from '../registry';

// What the accounting connection form adds to main's FieldSpecs: the Show on Web Field's choices, read live from the
// accounting system, and the reference's advice beside Send Emails.

/** Why the checkbox fields cannot be read with the saved connection, or null to read them. */
export function showOnWebUnavailable(view: ConnectionView): string | null {
  // In sandbox mode the simulator's address and demo credentials stand in for the saved ones.
  if (view.sandboxUrl) return null;
  if (view.updatedAt == null || view.state === 'not_configured')
    return 'Save the connection first (API address, License UUID and Session UUID): the checkbox fields are read from the accounting system with the saved settings.';
  if (view.state === 'credentials_unavailable') return 'The keychain is not reachable, so the Session UUID cannot be read: see Settings > Credentials.';
  return null;
}

/** The accounting system's Boolean custom fields as select choices; labels that repeat carry their code. */
export function fieldOptions(fields: readonly { code: string; label: string }[]): FieldOption[] {
  const seen = new Map<string, number>();
  for (const f of fields) seen.set(f.label, (seen.get(f.label) ?? 0) + 1);
  return fields.map((f) => ({ value: f.code, label: (seen.get(f.label) ?? 0) > 1 || !f.label ? `${f.label || f.code} (${f.code})` : f.label }));
}

function SendEmailsNote({ value }: { view: ConnectionView; value: string | boolean | undefined }) {
  const on = value === true;
  return (
    <Callout intent={on ? 'warning' : 'primary'} icon="lightbulb" compact className="sd-compact-callout sd-field-advice" data-testid="send-emails-advice" data-on={String(on)}>
      <strong>Test the import with Send Emails set to No first</strong> (a staff account, or a customer with your own email). Once it has imported,
      delete that test customer in{' '}
      <a href="#/accounting-import" onClick={(e) => (e.preventDefault(), navigate({ name: 'accounting-import' }))}>
        Customers &gt; Accounting import
      </a>
      , switch to Yes and import again to send the email (deleting an imported customer makes the next import read every customer, so it is found again).
      {on && <div className="sd-hint">Send Emails is on: check the email in Content &gt; Email Content before the next import.</div>}
    </Callout>
  );
}

export const accountingFieldExtensions: FieldExtensions = {
  showOnWebField: {
    loadOptions: async () => mapOk(await settle(api().accountingFields({})), fieldOptions),
    optionsUnavailable: showOnWebUnavailable,
  },
  sendEmails: { Note: SendEmailsNote },
};
