// What a preview and a run did, record by record, and where they differ. A record is keyed by its entity type and id;
// a record the run created may carry an id the preview could not know (a team server's PostgreSQL hands out ids
// that a rolled-back preview used up, and other engines take ids meanwhile), so creations left unmatched by key are
// matched by what they say instead: their entity type, message and field values.
import type { RunItem } from '../../src-preload/contract';

export const keyOf = (i: Pick<RunItem, 'entityType' | 'entityId'>) => `${i.entityType}/${i.entityId}`;

/** What a run did to one record: its action and, for an update, each field's new value (the field's order kept). */
export interface Outcome {
  entityType: string;
  action: RunItem['action'];
  message: string | null;
  fields?: string;
}

export const outcomeOf = (i: RunItem): Outcome => ({ entityType: i.entityType, action: i.action, message: i.message });

const sameOutcome = (a: Outcome, b: Outcome) => a.action === b.action && (a.fields ?? '') === (b.fields ?? '');
const describe = (o: Outcome) => (o.fields ? `${o.action} (${o.fields})` : o.action);
const creationOf = (o: Outcome) => JSON.stringify([o.entityType, o.message, o.fields ?? '']);

/** Tells `differ` of each record the run treated otherwise than the preview said, in words. */
export function eachDifference(previewed: Map<string, Outcome>, ran: Map<string, Outcome>, differ: (text: string) => void): void {
  const createdUnmatched = new Map<string, string[]>();
  const ranCreated: [string, Outcome][] = [];
  for (const [key, did] of ran) {
    const was = previewed.get(key);
    if (was === undefined && did.action === 'created') ranCreated.push([key, did]);
    else if (was === undefined) differ(`${key}: ${describe(did)}, not in the preview`);
    else if (!sameOutcome(was, did)) differ(`${key}: ${describe(did)}, the preview said ${describe(was)}`);
  }
  for (const [key, was] of previewed) {
    if (ran.has(key)) continue;
    if (was.action !== 'created') differ(`${key}: in the preview (${describe(was)}), not in the run`);
    else createdUnmatched.set(creationOf(was), [...(createdUnmatched.get(creationOf(was)) ?? []), key]);
  }
  for (const [key, did] of ranCreated) {
    const keys = createdUnmatched.get(creationOf(did));
    if (keys?.length) keys.shift();
    else differ(`${key}: ${describe(did)}, not in the preview`);
  }
  for (const keys of createdUnmatched.values()) for (const key of keys) differ(`${key}: in the preview (created), not in the run`);
}
