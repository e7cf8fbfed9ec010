import { Button, Card, Classes, H2, Icon } from '@blueprintjs/core';
import { useEffect, useRef } from 'react';
import { navigate, type Route } from '../../app/router';
import { usePreferences } from '../../app/preferences-store';

interface Step {
  title: string;
  text: string;
  go: { label: string; route: Route };
}

// What a new user can do in sandbox mode in a few minutes, each ending on the screen that shows the result.
const STEPS: readonly Step[] = [
  {
    title: 'Download customers from CERM',
    text: 'Press Sync Now on “Download customers” below, then open the run to see what was fetched, created or left unchanged.',
    go: { label: 'Open Sync Status', route: { name: 'sync-status' } },
  },
  {
    title: 'Register a customer',
    text: 'Customers → Register customer. The accounting package gets the new customer and the welcome email lands in Sent mail.',
    go: { label: 'Open Customers', route: { name: 'customers' } },
  },
  {
    title: 'Raise a case',
    text: 'Cases → New case. It is sent to Confirm as an Enquiry; the case page shows its number and what came back.',
    go: { label: 'Open Cases', route: { name: 'cases' } },
  },
  {
    title: 'Read and retry in the Integration Log',
    text: 'Every action is a log entry. Switch a simulator’s faults on in Settings, filter by Failure, and retry one.',
    go: { label: 'Open the log', route: { name: 'log' } },
  },
];

/** The first-run checklist: what sandbox mode is, what to try, how to connect a real system. Help shows it again. */
export function FirstRunChecklist() {
  const loaded = usePreferences((s) => s.loaded);
  const dismissed = usePreferences((s) => s.firstRunDismissed);
  const requested = usePreferences((s) => s.checklistRequested);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    // Opened from Help: bring it into view and put the focus on it, so keyboard and screen reader users land there.
    if (requested > 0 && heading.current) {
      heading.current.scrollIntoView({ block: 'nearest' });
      heading.current.focus();
    }
  }, [requested]);

  if (!loaded || dismissed) return null;
  return (
    <Card className="sd-first-run" data-testid="first-run" role="region" aria-labelledby="sd-first-run-title" compact>
      <div className="sd-first-run-head">
        <H2 id="sd-first-run-title" ref={heading} tabIndex={-1} className="sd-first-run-title">
          <Icon icon="lab-test" /> Welcome to SyncDesk: you are in sandbox mode
        </H2>
        <Button data-testid="first-run-dismiss" variant="minimal" size="small" icon="cross" text="Put away" title="Hide this checklist (Help in the sidebar shows it again)" onClick={() => void usePreferences.getState().dismissChecklist()} />
      </div>
      <p className={Classes.TEXT_MUTED}>
        Sandbox mode runs built-in simulators of CERM, Confirm, the accounting package and the ERP on this machine, with demo data. Nothing you do here reaches a real system.
      </p>
      <ol className="sd-first-run-steps">
        {STEPS.map((step, i) => (
          <li key={step.title}>
            <span className="sd-first-run-step-num" aria-hidden>
              {i + 1}.
            </span>
            <div>
              <strong>{step.title}.</strong> {step.text}
            </div>
            <Button size="small" variant="minimal" intent="primary" rightIcon="arrow-right" text={step.go.label} onClick={() => navigate(step.go.route)} />
          </li>
        ))}
      </ol>
      <p className="sd-first-run-real">
        <strong>Connecting a real system:</strong> on its connection page choose “A typed address”, enter the endpoint and credentials, and press Test connection; or turn sandbox mode off in Settings.{' '}
        <Button size="small" variant="minimal" intent="primary" text="Open Connections" onClick={() => navigate({ name: 'connections' })} />
      </p>
    </Card>
  );
}
