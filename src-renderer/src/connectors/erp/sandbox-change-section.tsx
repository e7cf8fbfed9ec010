import { Button, Callout, InputGroup, Intent, Section, SectionCard } from '@blueprintjs/core';
import { useState } from 'react';
import type { AppError, ConnectionView } from '../../../../src-preload/contract';
import { settle } from '../../api/call';
import { api } from '../../api/client';
import { parseAccountNumbers } from './account-numbers';
import { RoleButton } from '../../components/role-gate';

/**
 * Sandbox mode: edits accounts in the simulated ERP (terms, rep code, price level), so staff can watch the next accounts
 * sync overwrite a web change and History record it.
 */
export function ErpSandboxChangeSection({ view }: { view: ConnectionView }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState<string[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const numbers = parseAccountNumbers(text);

  if (!view.sandboxUrl) return null;

  async function change() {
    if (numbers.error) return;
    setBusy(true);
    setError(null);
    const input = numbers.list.length > 0 ? { accountNumbers: numbers.list, count: numbers.list.length } : { count: 10 };
    const result = await settle(api().erpSandboxChangeAccounts(input));
    setBusy(false);
    if (result.ok) setChanged(result.data.changed);
    else setError(result.error);
  }

  return (
    <Section compact icon="lab-test" className="sd-connection" data-testid="erp-sandbox-change" title="Change accounts in the ERP" subtitle="Sandbox mode: edit accounts in the simulated ERP, then run the accounts sync to watch the ERP's values win.">
      <SectionCard padded>
        <div className="sd-inline sd-erp-change-row">
          <InputGroup
            data-testid="erp-change-numbers"
            size="small"
            className="sd-erp-change-input"
            placeholder="Account numbers, e.g. C000012, C000345 (empty: 10 accounts)"
            intent={numbers.error ? Intent.DANGER : Intent.NONE}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && void change()}
          />
          <RoleButton action="erp:sandbox-change-accounts" data-testid="erp-change-accounts" size="small" icon="edit" text="Change accounts in the ERP" loading={busy} disabled={Boolean(numbers.error)} onClick={() => void change()} />
        </div>
        {numbers.error && <div className="sd-danger-text">{numbers.error}</div>}
        {error && (
          <Callout intent="danger" compact className="sd-compact-callout" data-testid="erp-change-error">
            Nothing was changed: {error.message}
          </Callout>
        )}
        {changed && !error && (
          <Callout intent={changed.length ? 'success' : 'warning'} compact className="sd-compact-callout" data-testid="erp-change-result" data-changed={changed.join(',')}>
            {changed.length
              ? `Changed in the ERP: ${changed.join(', ')}. Run "Accounts from the ERP" on Sync Status: the ERP's values overwrite these accounts here.`
              : 'No account was changed: the ERP has none of these account numbers.'}
          </Callout>
        )}
      </SectionCard>
    </Section>
  );
}
