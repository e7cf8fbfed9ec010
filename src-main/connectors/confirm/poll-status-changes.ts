// The polling fallback for tenants without the CRM Agent: Confirm's status changes since the last run, each applied
// like a CRM Agent push (deduplicated by EnquiryNumber/EnquiryLogNumber, so overlapping windows are harmless).
import type { TaskContext } from '../connector';
import { createConfirmClient } from './client';
import { confirmSettingsOf } from './settings';
import { applyConfirmUpdate } from './incoming';
import { CONFIRM_ID, POLL_TASK_ID } from './ids';

const FIRST_WINDOW_MS = 24 * 3_600_000;
/** Confirm reads the window in whole seconds of wall time; going back a minute never misses a log at the edge. */
const OVERLAP_MS = 60_000;

export async function pollStatusChanges(ctx: TaskContext): Promise<{ message: string }> {
  const s = confirmSettingsOf(ctx.settings);
  const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
  const to = ctx.now();
  const cursor = Number(ctx.repos.syncState.cursor(CONFIRM_ID, POLL_TASK_ID));
  const from = Number.isFinite(cursor) && cursor > 0 ? cursor - OVERLAP_MS : to - FIRST_WINDOW_MS;
  const changes = await client.getEnquiryStatusChanges(from, to);
  let applied = 0;
  const deps = { repos: ctx.repos, log: ctx.log, now: ctx.now, timeZone: s.timezone };
  for (const change of changes) {
    // Enquiries no case holds are other systems' business: skipped without a log line each.
    if (ctx.repos.references.holders(change.enquiryNumber).length === 0) {
      ctx.counts.fetched += change.logs.length;
      ctx.item('enquiry', change.enquiryNumber, 'skipped', 'no case holds this Enquiry');
      continue;
    }
    for (const log of change.logs) {
      ctx.counts.fetched++;
      const fields = {
        EnquiryNumber: log.enquiryNumber,
        EnquiryLogNumber: log.enquiryLogNumber,
        EnquiryStatusCode: log.statusCode,
        StatusLogNotes: log.notes,
        LogEffectiveTime: log.logEffectiveTime,
        LoggedTime: log.loggedTime,
      };
      const r = applyConfirmUpdate(deps, { enquiryNumber: log.enquiryNumber, fields }, { source: 'poll', dedupeKey: `${log.enquiryNumber}/${log.enquiryLogNumber}` });
      if (r.outcome === 'applied') applied++;
      ctx.item('enquiry', log.enquiryNumber, r.outcome === 'applied' ? 'updated' : 'unchanged', r.message);
    }
    await ctx.yieldNow();
  }
  ctx.repos.syncState.setCursor(CONFIRM_ID, POLL_TASK_ID, String(to), ctx.now());
  return { message: `${applied} status change${applied === 1 ? '' : 's'} applied from ${changes.length} changed enquir${changes.length === 1 ? 'y' : 'ies'}.` };
}
