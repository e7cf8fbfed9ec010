import { issueText } from '../../components/field-issues';
import { Button, Callout, Checkbox, FormGroup, HTMLTable, InputGroup, Intent, Switch } from '@blueprintjs/core';
import { useState, type FormEvent } from 'react';
import type { AccountDetail, AppError, ContactView } from '../../../../src-preload/contract';
import { showSuccess } from '../../components/toaster';
import { useAccountStore } from './accounts-store';
import { RoleButton, RoleControl } from '../../components/role-gate';

interface ContactDraft {
  name: string;
  email: string;
  loginEnabled: boolean;
  sendPasswordEmail: boolean;
}

const EMPTY: ContactDraft = { name: '', email: '', loginEnabled: true, sendPasswordEmail: true };
type ContactErrors = Partial<Record<'name' | 'email', string>>;

/** Empty name or email blocks the add; the core checks the email's form and that nobody else has it. */
export function checkContactDraft(d: { name: string; email: string }): ContactErrors {
  const errors: ContactErrors = {};
  if (!d.name.trim()) errors.name = 'Name is required: fill it in.';
  if (!d.email.trim()) errors.email = 'Email is required: fill it in.';
  return errors;
}

function contactErrorsFrom(error: AppError): ContactErrors {
  const errors: ContactErrors = {};
  for (const issue of error.issues ?? []) {
    const key = issue.path.split(/[./]/).pop();
    if (key === 'name' || key === 'email') errors[key] = issueText(issue, { name: 'Name', email: 'Email' });
  }
  // "already used by ..." is the email's problem, even without a path.
  if (error.code === 'conflict' && !errors.email) errors.email = error.message;
  return errors;
}

/** What adding a contact did, the password email included (none is queued while no connection sends it). */
export function addedMessage(contact: Pick<ContactView, 'name' | 'passwordEmail'>, asked: boolean): string {
  if (!asked) return `Added ${contact.name}.`;
  if (contact.passwordEmail) return `Added ${contact.name}; password email: ${contact.passwordEmail}.`;
  return `Added ${contact.name}, but no password email was queued: no connection sends contact emails yet. Use Resend password email once one does.`;
}

function AddContactForm({ accountId }: { accountId: number }) {
  const [draft, setDraft] = useState<ContactDraft>(EMPTY);
  const [errors, setErrors] = useState<ContactErrors>({});
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [saving, setSaving] = useState(false);

  async function add(e: FormEvent) {
    e.preventDefault();
    if (saving) return;
    const blocking = checkContactDraft(draft);
    setErrors(blocking);
    setServerError(null);
    if (Object.keys(blocking).length > 0) return;
    setSaving(true);
    const result = await useAccountStore.getState().addContact({ accountId, name: draft.name.trim(), email: draft.email.trim(), loginEnabled: draft.loginEnabled, sendPasswordEmail: draft.sendPasswordEmail });
    setSaving(false);
    if (!result.ok) {
      setErrors(contactErrorsFrom(result.error));
      return setServerError(result.error);
    }
    setDraft(EMPTY);
    showSuccess(addedMessage(result.data, draft.sendPasswordEmail));
  }

  const field = (key: 'name' | 'email', label: string, type: string) => (
    <FormGroup className="sd-field sd-account-field" label={<span>{label} <span className="sd-asterisk">*</span></span>} labelFor={`contact-${key}`} intent={errors[key] ? Intent.DANGER : Intent.NONE} helperText={errors[key] && <span data-testid={`contact-error-${key}`}>{errors[key]}</span>}>
      <InputGroup
        id={`contact-${key}`}
        data-testid={`contact-${key}`}
        size="small"
        type={type}
        spellCheck={false}
        intent={errors[key] ? Intent.DANGER : Intent.NONE}
        value={draft[key]}
        onChange={(e) => {
          const value = e.currentTarget.value;
          setDraft((d) => ({ ...d, [key]: value }));
        }}
      />
    </FormGroup>
  );

  return (
    <form className="sd-add-contact" onSubmit={(e) => void add(e)} noValidate data-testid="add-contact-form">
      <div className="sd-section-label">Add contact</div>
      <div className="sd-account-grid">
        {field('name', 'Name', 'text')}
        {field('email', 'Email', 'email')}
      </div>
      <div className="sd-inline sd-add-contact-options">
        <Checkbox data-testid="contact-login" label="Login enabled" checked={draft.loginEnabled} onChange={(e) => setDraft({ ...draft, loginEnabled: e.currentTarget.checked })} />
        <Checkbox data-testid="contact-send-password" label="Send password email" checked={draft.sendPasswordEmail} onChange={(e) => setDraft({ ...draft, sendPasswordEmail: e.currentTarget.checked })} />
        <RoleButton action="accounts:add-contact" data-testid="contact-add" type="submit" size="small" intent="primary" icon="new-person" text="Add contact" loading={saving} />
      </div>
      {serverError && !Object.keys(errors).length && (
        <Callout intent="danger" compact className="sd-compact-callout" data-testid="contact-add-error">
          Not added: {serverError.message}
        </Callout>
      )}
    </form>
  );
}

function ContactRow({ contact, accountDisabled }: { contact: ContactView; accountDisabled: boolean }) {
  const [busy, setBusy] = useState(false);
  const run = (work: Promise<void>) => (setBusy(true), void work.finally(() => setBusy(false)));
  return (
    <tr data-testid="contact-row" data-email={contact.email}>
      <td className="sd-strong">{contact.name}</td>
      <td>{contact.email}</td>
      <td>
        <RoleControl action="accounts:set-contact-login">
          {(can) => (
            <Switch
              data-testid="contact-login-toggle"
              data-action={can.action}
              className="sd-inline-switch"
              checked={contact.loginEnabled}
              disabled={busy || !can.allowed}
              label={contact.loginEnabled ? (accountDisabled ? 'on (account disabled)' : 'on') : 'off'}
              onChange={(e) => run(useAccountStore.getState().setContactLogin(contact.id, e.currentTarget.checked))}
            />
          )}
        </RoleControl>
      </td>
      <td>
        <div>{contact.hasPassword ? 'password set' : <span className="sd-muted">no password yet</span>}</div>
        {contact.passwordEmail && <div className="sd-muted" data-testid="contact-password-email">{contact.passwordEmail}</div>}
      </td>
      <td className="sd-mono-cell">{contact.erpContactId ?? <span className="sd-muted">—</span>}</td>
      <td>
        <RoleButton action="accounts:send-password-email" data-testid="contact-resend" size="small" icon="envelope" text="Resend password email" disabled={busy} onClick={() => run(useAccountStore.getState().sendPasswordEmail(contact.id))} />
      </td>
    </tr>
  );
}

/** The account's contacts (its users), their logins, and adding one once the ERP has the account. */
export function ContactsTab({ detail }: { detail: AccountDetail }) {
  const disabled = detail.account.status === 'disabled';
  return (
    <div className="sd-account-contacts" data-testid="account-contacts">
      {disabled && (
        <Callout intent="warning" compact icon="disable" className="sd-compact-callout">
          The account is disabled: no contact can sign in, whatever their login says.
        </Callout>
      )}
      {detail.contacts.length === 0 ? (
        <div className="sd-muted">No contacts yet.</div>
      ) : (
        <div className="sd-table-scroll">
          <HTMLTable compact className="sd-table sd-detail-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Login</th>
                <th>Password</th>
                <th>ERP contact</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {detail.contacts.map((c) => (
                <ContactRow key={c.id} contact={c} accountDisabled={disabled} />
              ))}
            </tbody>
          </HTMLTable>
        </div>
      )}
      {detail.canAddContacts ? (
        <AddContactForm accountId={detail.account.id} />
      ) : (
        <Callout compact icon="info-sign" className="sd-compact-callout" data-testid="contacts-not-yet">
          Contacts are added once the ERP has the account: it has no account number yet, and gets one when the account is created in the ERP.
        </Callout>
      )}
    </div>
  );
}
