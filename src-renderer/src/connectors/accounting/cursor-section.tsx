import type { ChannelOutput } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { CursorSection } from '../../components/cursor-section';

type CursorView = ChannelOutput<'accounting:cursor'>;

const load = () => api().accountingCursor({});
const reset = () => api().accountingResetCursor({});
const facts = (v: CursorView) => ({ position: v.cursor, movedAt: v.updatedAt });

/** Connections > Accounting: where the import's feed stands, and a way to read everything again. */
export function AccountingCursorSection() {
  return (
    <CursorSection
      testId="accounting-cursor"
      resetTestId="accounting-reset-cursor"
      resetAction="accounting:reset-cursor"
      title="Sync cursor"
      subtitle="Where the customer import stands in the accounting system's change feed: each import reads only what changed since."
      load={load}
      reset={reset}
      facts={facts}
      positionLabel="Cursor"
      noPosition="none: the next import reads every customer from the beginning"
      mono
      resetDone="Sync cursor reset: the next import reads every customer again."
      confirmQuestion="Reset the sync cursor?"
      confirmText="The next import reads every customer in the accounting system again, from the beginning. Nothing is deleted, and customers already here are skipped: no second account and no second welcome email. A customer deleted here who is still flagged is imported again."
    />
  );
}
