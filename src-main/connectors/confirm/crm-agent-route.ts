// POST /integration/confirm/crm-agent?key=<key>: Confirm's CRM Agent pushing Enquiry changes. A request without the
// right key is counted (one summary line a minute at most: anyone can send those); every other refusal is one log line
// and a plain answer; nothing a caller sends can crash the listener. An Enquiry no case holds is answered 200: the CRM
// Agent retries anything else, forever.
import { createHash } from 'node:crypto';
import type { ListenerReply, ListenerRoute } from '../../listener/listener-server';
import { createRefusalSummary } from '../../listener/refusal-summary';
import type { Repositories } from '../../store/repositories';
import type { GroupCommit } from '../../store/group-commit';
import type { IntegrationLog } from '../../engine/integration-log';
import { buildXml, el } from './xml';
import { CRM_AGENT_MAX_BYTES, CrmAgentError, parseCrmAgentPush, type CrmAgentUpdate } from './crm-agent';
import { applyConfirmUpdate } from './incoming';
import type { CrmAgentKey } from './crm-agent-key';
import { CONFIRM_ID } from './ids';

export const CRM_AGENT_PATH = '/integration/confirm/crm-agent';

export interface CrmAgentRouteDeps {
  key: CrmAgentKey;
  repos: Repositories;
  /** Pushes arriving together commit together; each is answered once its change is durable. */
  commit: GroupCommit;
  log: IntegrationLog;
  now: () => number;
  /** Confirm's zone, from the connection's settings (times without an offset are read in it). */
  timeZone: () => Promise<string>;
}

function answer(status: number, result: string, message: string): ListenerReply {
  return { status, contentType: 'text/xml; charset=utf-8', body: buildXml(el('CrmAgentResponse', [el('Result', result), el('Message', message)])) };
}

const UNAUTHORIZED = answer(401, 'unauthorized', 'missing or wrong key');

/** Without a log number the status, times and notes tell two pushes apart. */
function dedupeKeyOf(u: CrmAgentUpdate): string {
  if (u.enquiryLogNumber) return u.dedupeKey;
  const h = createHash('sha256').update([u.enquiryStatusCode, u.loggedTime, u.logEffectiveTime, u.statusLogNotes].join('\0')).digest('hex').slice(0, 16);
  return `${u.enquiryNumber}/#${h}`;
}

export function crmAgentRoute(deps: CrmAgentRouteDeps): ListenerRoute {
  const refuse = async (message: string) => await deps.log.write({ connectorId: CONFIRM_ID, action: 'crm-agent', outcome: 'validation_failure', message: `CRM Agent push refused: ${message}` });
  const unauthorized = createRefusalSummary({ log: deps.log, connectorId: CONFIRM_ID, action: 'crm-agent', label: 'CRM Agent', reason: 'a missing or wrong key', now: deps.now });
  return {
    method: 'POST',
    path: CRM_AGENT_PATH,
    // Above the parser's own cap, so an oversized push reaches it and is refused with a log line.
    maxBytes: CRM_AGENT_MAX_BYTES * 4,
    onRefused: async (status, reason) => await refuse(`HTTP ${status}: ${reason}`),
    close: () => unauthorized.flush(),
    // Before the body is read: a caller without the key gets its 401 at once and holds no socket.
    async authorize(req) {
      const ok = await deps.key.matches(req.query.get('key'));
      if (!ok) unauthorized.count();
      return ok;
    },
    unauthorized: UNAUTHORIZED,
    async handle(req) {
      let update: CrmAgentUpdate;
      try {
        update = parseCrmAgentPush(req.body, req.headers);
      } catch (err) {
        if (!(err instanceof CrmAgentError)) throw err;
        await refuse(`${err.message} (${err.status})`);
        return answer(err.status, 'refused', err.message);
      }
      const fields: Record<string, string | null> = {
        EnquiryNumber: update.enquiryNumber,
        EnquiryLogNumber: update.enquiryLogNumber,
        EnquiryStatusCode: update.enquiryStatusCode,
        LoggedTime: update.loggedTime,
        LogEffectiveTime: update.logEffectiveTime,
        StatusLogNotes: update.statusLogNotes,
        ExternalSystemReference: update.externalSystemReference,
        ServiceCode: update.serviceCode,
        SubjectCode: update.subjectCode,
      };
      const incoming = { repos: deps.repos, log: deps.log, now: deps.now, timeZone: await deps.timeZone() };
      const dedupeKey = dedupeKeyOf(update);
      const r = await deps.commit.run(async () => await applyConfirmUpdate(incoming, { enquiryNumber: update.enquiryNumber, fields }, { source: 'crm-agent', dedupeKey }));
      const result = r.outcome === 'unknown_enquiry' ? 'ignored' : r.outcome;
      return answer(200, result, r.message);
    },
  };
}
