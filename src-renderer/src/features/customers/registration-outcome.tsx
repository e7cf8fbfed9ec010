import { Button, Callout } from '@blueprintjs/core';
import { navigate } from '../../app/router';
import { useCustomersStore } from './customers-store';
import { outcomeHeadline } from './registration';

const ICON = { linked: 'office', created: 'tick-circle', queued: 'time', registered: 'info-sign' } as const;

/** The last registration's outcome, kept above the list until dismissed. */
export function RegistrationOutcome() {
  const notice = useCustomersStore((s) => s.lastRegistration);
  if (!notice) return null;
  const { result } = notice;
  const { title, intent } = outcomeHeadline(result);
  const detail = result.message.startsWith(title) ? null : result.message;
  return (
    <Callout
      intent={intent}
      icon={ICON[result.outcome]}
      title={title}
      className="sd-outcome"
      data-testid="register-outcome"
      data-outcome={result.outcome}
    >
      <div className="sd-outcome-body">
        <span>
          <a
            href={`#/customers/${result.customerId}`}
            onClick={(e) => (e.preventDefault(), navigate({ name: 'customers', customerId: result.customerId }))}
          >
            {notice.name}
          </a>{' '}
          <span className="sd-muted">({notice.email})</span> registered.
          {detail && <span> {detail}</span>}
        </span>
        <Button size="small" variant="minimal" icon="cross" aria-label="Dismiss" onClick={() => useCustomersStore.getState().dismissOutcome()} />
      </div>
    </Callout>
  );
}
