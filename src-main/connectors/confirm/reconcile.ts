// Before raising again after an attempt whose outcome is unknown (the app stopped during it, or a timeout or reset
// came after the request was sent), look for the Enquiry that attempt may have raised. Confirm has no lookup by
// external reference and ignores Idempotency-Key, so: the Enquiries logged since the attempt began
// (GetEnquiryStatusChanges for that window), read back ten at a time (GetEnquiry), matched on ExternalSystemReference.
import { RemoteError } from '../../engine/remote-error';
import type { ConfirmClient } from './client';
import type { EnquiryRecord } from './parse';

/** Confirm reads the window in whole seconds of its own clock: a minute either side covers both and any skew. */
export const RECONCILE_MARGIN_MS = 60_000;
/** Past this many Enquiries logged in the window, reading them all back is not a reasonable price: staff decide. */
export const RECONCILE_MAX_ENQUIRIES = 500;
const BATCH = 10;

/** Reads inside one reconciliation are tried this often on a connectivity failure before the attempt gives up. */
const READ_TRIES = 3;

export type Reconciled = { raised: true; enquiryNumber: string } | { raised: false };

async function read<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof RemoteError) || !err.retryable || attempt >= READ_TRIES) throw err;
    }
  }
}

/**
 * Finds the Enquiry an earlier attempt raised for this reference, or proves there is none. Throws RemoteError
 * 'in_doubt' when it cannot tell (too many Enquiries in the window, or Confirm's answers lack the reference);
 * connectivity errors pass through, and the job stays marked for the next attempt.
 */
export async function findRaisedEnquiry(client: ConfirmClient, reference: string, since: number, now: number): Promise<Reconciled> {
  const changes = await read(() => client.getEnquiryStatusChanges(since - RECONCILE_MARGIN_MS, now + RECONCILE_MARGIN_MS));
  // Only Enquiries raised in the window can be ours: their first status log (number 1) was logged in it.
  const numbers = [...new Set(changes.filter((c) => c.logs.some((l) => l.enquiryLogNumber === '1')).map((c) => c.enquiryNumber))];
  if (numbers.length === 0) return { raised: false };
  if (numbers.length > RECONCILE_MAX_ENQUIRIES)
    throw new RemoteError('in_doubt', `an earlier attempt may have raised an Enquiry, and ${numbers.length} Enquiries were logged in Confirm since then: too many to read back and compare (at most ${RECONCILE_MAX_ENQUIRIES})`);
  const unknown: string[] = [];
  for (let i = 0; i < numbers.length; i += BATCH) {
    const records: EnquiryRecord[] = await read(() => client.getEnquiries(numbers.slice(i, i + BATCH)));
    for (const e of records) {
      if (e.externalSystemReference === undefined) unknown.push(e.enquiryNumber);
      else if (e.externalSystemReference === reference) return { raised: true, enquiryNumber: e.enquiryNumber };
    }
  }
  if (unknown.length > 0)
    throw new RemoteError(
      'in_doubt',
      `an earlier attempt may have raised an Enquiry, and Confirm's answers for ${unknown.length} Enquir${unknown.length === 1 ? 'y' : 'ies'} logged since then (${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', …' : ''}) do not say their external reference, so none can be ruled out`,
    );
  return { raised: false };
}
