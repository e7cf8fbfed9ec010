import type { ChannelOutput } from '../../../../src-preload/contract';
import { api } from '../../api/client';
import { CursorSection } from '../../components/cursor-section';
import { formatDateTime } from '../../components/format';

type CursorView = ChannelOutput<'erp:accounts-cursor'>;

const load = () => api().erpAccountsCursor({});
const reset = () => api().erpResetAccountsCursor({});
const facts = (v: CursorView) => ({ position: v.at != null ? `changes since ${formatDateTime(v.at)}` : null, movedAt: v.savedAt });

/** Connections > ERP: the modified time the incremental accounts sync reads from, and a way to read every account again. */
export function ErpAccountsCursorSection() {
  return (
    <CursorSection
      testId="erp-accounts-cursor"
      resetTestId="erp-reset-accounts-cursor"
      resetAction="erp:reset-accounts-cursor"
      title="Accounts cursor"
      subtitle="Where the accounts sync stands: each run reads the accounts the ERP changed since (with a short overlap re-read)."
      load={load}
      reset={reset}
      facts={facts}
      positionLabel="Reads from"
      noPosition="the beginning: the next sync reads every account"
      resetDone="Accounts cursor reset: the next accounts sync reads every account in the ERP again."
      confirmQuestion="Reset the accounts cursor?"
      confirmText="The next accounts sync reads every account in the ERP again, from the beginning. Nothing is deleted; accounts that have not changed are counted as unchanged. As with every sync, the ERP's values overwrite web changes not yet sent, and History shows each one."
    />
  );
}
