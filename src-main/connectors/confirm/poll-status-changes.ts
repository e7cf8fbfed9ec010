// The polling fallback for tenants without the CRM Agent: Confirm's status changes since the last run, each applied
// like a CRM Agent push (deduplicated by EnquiryNumber/EnquiryLogNumber, so overlapping windows are harmless). Confirm
// may list one Enquiry several times and out of order: each Enquiry's logs are applied by LoggedTime, then log number.
import type { TaskContext, TaskCursor } from '../connector';
import { createConfirmClient } from './client';
import { confirmSettingsOf } from './settings';
import { applyConfirmUpdate } from './incoming';
import { inApplyOrder } from './status-log-order';
import { CONFIRM_ID, POLL_TASK_ID } from './ids';
import { grouped } from '../../engine/count-words';

const FIRST_WINDOW_MS = 24 * 3_600_000;
/** Confirm reads the window in whole seconds of wall time; going back a minute never misses a log at the edge. */
const OVERLAP_MS = 60_000;

export async function pollStatusChanges(ctx: TaskContext): Promise<{ message: string }> {
  const s = confirmSettingsOf(ctx.settings);
  const client = createConfirmClient(s, { signal: ctx.signal, now: ctx.now });
  const to = ctx.now();
  const cursor = Number(await ctx.repos.syncState.cursor(CONFIRM_ID, POLL_TASK_ID));
  const from = Number.isFinite(cursor) && cursor > 0 ? cursor - OVERLAP_MS : to - FIRST_WINDOW_MS;
  const changes = inApplyOrder(await client.getEnquiryStatusChanges(from, to), s.timezone);
  let applied = 0;
  const deps = { repos: ctx.repos, log: ctx.log, now: ctx.now, timeZone: s.timezone };
  for (const change of changes) {
    // Enquiries no case holds are other systems' business: skipped without a log line each.
    if ((await ctx.repos.references.holders(change.enquiryNumber)).length === 0) {
      ctx.counts.fetched += change.logs.length;
      await ctx.item('enquiry', change.enquiryNumber, 'skipped', 'no case holds this Enquiry');
      continue;
    }
    // Logs applied before (by the read-back after SyncDesk's own update, which knows no Logged Time) go first: they
    // change nothing, but their Logged Time counts as applied, so an older log listed with them changes nothing either.
    const key = (log: (typeof change.logs)[number]) => `${log.enquiryNumber}/${log.enquiryLogNumber}`;
    const seen: typeof change.logs = [];
    for (const log of change.logs) if (await ctx.repos.confirmUpdates.seen(key(log))) seen.push(log);
    // One item per case the Enquiry's logs reached, keyed as its field changes are ('case', its id), so the run's page
    // shows each case's changes beside it.
    const byCase = new Map<number, { changed: boolean; messages: string[] }>();
    for (const log of [...seen, ...change.logs.filter((l) => !seen.includes(l))]) {
      ctx.counts.fetched++;
      const fields = {
        EnquiryNumber: log.enquiryNumber,
        EnquiryLogNumber: log.enquiryLogNumber,
        EnquiryStatusCode: log.statusCode,
        StatusLogNotes: log.notes,
        LogEffectiveTime: log.logEffectiveTime,
        LoggedTime: log.loggedTime,
      };
      const r = await applyConfirmUpdate(deps, { enquiryNumber: log.enquiryNumber, fields }, { source: 'poll', dedupeKey: key(log), runId: ctx.runId });
      if (r.outcome === 'applied' && r.changed !== false) applied++;
      // A superseded log (older than one applied before) is recorded and logged, and changes nothing; so does an update
      // for a case whose Reference has no incoming template. The item says how its case changed, or why not.
      for (const c of r.cases) {
        const seenCase = byCase.get(c.caseId) ?? { changed: false, messages: [] };
        seenCase.changed ||= c.changed;
        seenCase.messages.push(c.message);
        byCase.set(c.caseId, seenCase);
      }
    }
    for (const [caseId, c] of byCase) await ctx.item('case', String(caseId), c.changed ? 'updated' : 'unchanged', c.messages.join(' · '));
    await ctx.yieldNow();
  }
  await ctx.repos.syncState.setCursor(CONFIRM_ID, POLL_TASK_ID, String(to), ctx.now());
  return { message: `${grouped(applied)} status change${applied === 1 ? '' : 's'} applied from ${grouped(changes.length)} changed enquir${changes.length === 1 ? 'y' : 'ies'}.` };
}

/** The poll's cursor on Sync Status: the end of the last window read, and its Reset. */
export const pollCursor: TaskCursor = {
  rereads: 'the status changes of the last 24 hours (those applied before are recognised and not applied twice)',
  async read(repos) {
    const c = await repos.syncState.cursorInfo(CONFIRM_ID, POLL_TASK_ID);
    const at = Number(c?.cursor);
    if (!c) return null;
    return { position: Number.isFinite(at) && at > 0 ? `status changes read up to ${new Date(at).toISOString().replace('T', ' ').replace('Z', '')} UTC` : c.cursor, savedAt: c.updatedAt };
  },
  async reset(tx) {
    await tx.syncState.clearCursor(CONFIRM_ID, POLL_TASK_ID);
  },
};
