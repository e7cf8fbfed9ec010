// The address sync's cursor on Sync Status: where the change feed was last read to, and its Reset.
import type { TaskCursor } from '../connector';
import { CERM_ID } from './ids';
import { ADDRESS_TASK_ID, LINKS_KEY } from './address-sync';

function positionOf(text: string): string {
  try {
    const c = JSON.parse(text) as { since?: unknown; afterId?: unknown };
    // To the fraction CERM gave: the console shows it in local time, with the exact UTC on hover.
    if (typeof c.since === 'string') return `CERM address changes read up to ${c.since.replace('T', ' ').replace(/Z$/, '')} UTC${typeof c.afterId === 'string' && c.afterId ? ` (address ${c.afterId})` : ''}`;
  } catch {
    // An unreadable cursor is shown as stored; the next run reads the whole feed as it would without one.
  }
  return text;
}

export const addressCursor: TaskCursor = {
  rereads: "the whole CERM address feed: every linked customer's addresses, compared with what is here (none is added twice)",
  async read(repos) {
    const c = await repos.syncState.cursorInfo(CERM_ID, ADDRESS_TASK_ID);
    return c ? { position: positionOf(c.cursor), savedAt: c.updatedAt } : null;
  },
  async reset(tx) {
    await tx.syncState.clearCursor(CERM_ID, ADDRESS_TASK_ID);
    // The links' fingerprint goes too: with no cursor the whole feed is read, which covers every link.
    await tx.syncState.clearCursor(CERM_ID, LINKS_KEY);
  },
};
