// An Enquiry update from Confirm (its CRM Agent, the polling task, or the answer after SyncDesk's own create/update)
// applied to every case holding that Enquiry number, through all the incoming templates of that Reference.
import type { Repositories } from '../../store/repositories';
import type { IntegrationLog } from '../../engine/integration-log';
import { CONFIRM_ID } from './ids';
import { diffFields } from '../../engine/field-diff';
import { applyIncomingRows, type EnquiryValues } from './templates';
import { toConfirmTime } from './logged-time';
import { LAST_APPLIED_LOG, comparePositions, decodePosition, encodePosition, positionOf, type LogPosition } from './status-log-order';

export type IncomingSource = 'crm-agent' | 'poll' | 'after-create' | 'after-update';

export interface IncomingDeps {
  repos: Repositories;
  log: IntegrationLog;
  now: () => number;
  timeZone: string;
}

export interface IncomingOutcome {
  /** superseded: a status log older than the newest one applied to this Enquiry; recorded, the case left alone. */
  outcome: 'applied' | 'duplicate' | 'superseded' | 'unknown_enquiry';
  caseIds: number[];
  message: string;
  /** Whether any case changed (an applied update may change nothing: equal values, or no incoming template). */
  changed?: boolean;
  /** Per case holding the Enquiry: whether it changed, and what, or why not (a run's items are these cases). */
  cases: { caseId: number; changed: boolean; message: string }[];
}

const SOURCE_TEXT: Record<IncomingSource, string> = {
  'crm-agent': 'from the CRM Agent',
  poll: 'from polling',
  'after-create': 'after creating it',
  'after-update': 'after updating it',
};

interface CaseOutcome {
  caseId: number;
  changes: string[];
  unmapped: string[];
  templates: string[];
}

/** Status logs (polled or pushed) are ordered; a read-back is Confirm's current state, not one log. */
const ORDERED_SOURCES: ReadonlySet<IncomingSource> = new Set(['poll', 'crm-agent']);

function logText(p: LogPosition, timeZone: string): string {
  return `${p.logNumber ? `log ${p.logNumber}` : 'a log'} (Logged Time ${toConfirmTime(p.at, timeZone)})`;
}

/**
 * Applies one update; the dedupe key (EnquiryNumber/EnquiryLogNumber) is recorded in the same transaction as the
 * change, so the same update twice applies once even when the two arrive together.
 */
export async function applyConfirmUpdate(deps: IncomingDeps, data: EnquiryValues, opts: { source: IncomingSource; dedupeKey?: string | null; jobId?: number | null; runId?: number | null }): Promise<IncomingOutcome> {
  const { repos, log, now } = deps;
  const number = data.enquiryNumber;
  const from = SOURCE_TEXT[opts.source];
  const holders = await repos.references.holders(number);
  const base = { connectorId: CONFIRM_ID, action: 'incoming-update', jobId: opts.jobId ?? null };
  if (holders.length === 0) {
    const message = `Enquiry ${number} ${from}: no case holds this Enquiry number in a Reference, so the update was ignored.`;
    await log.write({ ...base, entityType: 'enquiry', entityId: number, outcome: 'validation_failure', message });
    return { outcome: 'unknown_enquiry', caseIds: [], message, cases: [] };
  }
  const t = now();
  const position = ORDERED_SOURCES.has(opts.source) ? positionOf(data.fields.LoggedTime, data.fields.EnquiryLogNumber, deps.timeZone) : null;
  /** The newest status log applied to this Enquiry, moved forward to this one when it is newer. */
  const lastApplied = async (): Promise<LogPosition | null> => {
    const last = decodePosition(await repos.syncState.position(CONFIRM_ID, LAST_APPLIED_LOG, number));
    if (position && (!last || comparePositions(position, last) > 0)) await repos.syncState.setPosition(CONFIRM_ID, LAST_APPLIED_LOG, number, encodePosition(position), t);
    return last;
  };
  const apply = async (): Promise<CaseOutcome[] | null | LogPosition> => {
    if (opts.dedupeKey && !await repos.confirmUpdates.markSeen(opts.dedupeKey, number, holders[0]!.caseId, t)) {
      // Applied before (a read-back may have applied it without a time): its time still counts as applied.
      await lastApplied();
      return null;
    }
    const last = await lastApplied();
    // Recorded (the dedupe mark above) but not applied: an older log must not move the case back.
    if (position && last && comparePositions(position, last) < 0) return last;
    const out: CaseOutcome[] = [];
    const fields = await repos.caseFields.list();
    for (const h of holders) {
      const templates = await repos.templates.ofReference(h.referenceId, 'enquiry_updated');
      const current = await repos.cases.get(h.caseId);
      if (!current || templates.length === 0) continue;
      const r = applyIncomingRows(templates.flatMap((tp) => tp.rows), data, current, fields, deps.timeZone);
      if (r.changes.length > 0) {
        await repos.cases.applyIncoming(h.caseId, r.status, r.values, t);
        const changes = diffFields({ status: current.status, ...current.values }, { status: r.status, ...r.values });
        await repos.recordChanges.add([{ connectorId: CONFIRM_ID, entityType: 'case', entityId: String(h.caseId), runId: opts.runId ?? null, source: opts.source, changes, at: t }]);
      }
      out.push({ caseId: h.caseId, changes: r.changes, unmapped: r.unmapped, templates: templates.map((tp) => tp.name) });
    }
    return out;
  };
  // The case change, the dedupe mark and the log lines commit together: one commit (one fsync) per update.
  return await repos.transaction(async (): Promise<IncomingOutcome> => {
    const results = await apply();
    if (results === null) {
      const message = `Enquiry ${number} ${from}: update ${opts.dedupeKey} was already applied; ignored.`;
      for (const h of holders) await log.write({ ...base, entityType: 'case', entityId: String(h.caseId), outcome: 'success', message });
      return { outcome: 'duplicate', caseIds: holders.map((h) => h.caseId), message, cases: holders.map((h) => ({ caseId: h.caseId, changed: false, message })) };
    }
    if (!Array.isArray(results)) {
      const message = `Enquiry ${number} ${from}: status ${logText(position!, deps.timeZone)} is older than the newest one applied, ${logText(results, deps.timeZone)}; recorded, the case was left as it was.`;
      for (const h of holders) await log.write({ ...base, entityType: 'case', entityId: String(h.caseId), outcome: 'success', message });
      return { outcome: 'superseded', caseIds: holders.map((h) => h.caseId), message, cases: holders.map((h) => ({ caseId: h.caseId, changed: false, message })) };
    }
    for (const r of results) {
      const what = r.changes.length > 0 ? r.changes.join('; ') : 'nothing changed';
      await log.write({ ...base, entityType: 'case', entityId: String(r.caseId), outcome: 'success', message: `Enquiry ${number} ${from} (${r.templates.join(', ')}): ${what}.` });
      for (const code of r.unmapped)
        await log.write({
          ...base,
          entityType: 'case',
          entityId: String(r.caseId),
          outcome: 'validation_failure',
          message: `Enquiry ${number} ${from}: Confirm status code ${code} is not mapped to a case status in ${r.templates.join(', ')}; the case status was left as it was.`,
        });
    }
    const withoutTemplates = holders.filter((h) => !results.some((r) => r.caseId === h.caseId));
    const noTemplate = 'its Reference has no incoming (Enquiry updated) template, so nothing changed: add one under Mappings';
    for (const h of withoutTemplates)
      await log.write({ ...base, entityType: 'case', entityId: String(h.caseId), outcome: 'success', message: `Enquiry ${number} ${from}: ${noTemplate}.` });
    // What the run's items say: per case, what changed, or why nothing did.
    const cases = [
      ...results.map((r) => ({
        caseId: r.caseId,
        changed: r.changes.length > 0,
        said: r.changes.length > 0 ? r.changes.join('; ') : `nothing changed (${r.templates.join(', ')} map${r.templates.length === 1 ? 's' : ''} no new value)`,
      })),
      ...withoutTemplates.map((h) => ({ caseId: h.caseId, changed: false, said: noTemplate })),
    ];
    return {
      outcome: 'applied',
      caseIds: holders.map((h) => h.caseId),
      message: `Enquiry ${number}, ${cases.map((c) => `case #${c.caseId}: ${c.said}`).join('; ')}`,
      changed: results.some((r) => r.changes.length > 0),
      cases: cases.map((c) => ({ caseId: c.caseId, changed: c.changed, message: `Enquiry ${number}, case #${c.caseId}: ${c.said}` })),
    };
  });
}
