import { Callout } from '@blueprintjs/core';

// From the Confirm integration reference: erasure is each system's own job.
export function GdprNote() {
  return (
    <Callout intent="warning" icon="warning-sign" compact className="sd-compact-callout sd-gdpr-note" data-testid="confirm-gdpr-note">
      Deleting personal data is not propagated by the integration: clear it in each system with that system&apos;s own tools.
    </Callout>
  );
}
