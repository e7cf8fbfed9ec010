import { CHANNELS_WITHOUT_CHANGES, fail, ROLE_LABELS, roleAtLeast, roleForChannel, type Result } from '../../src-preload/contract';
import type { Repositories } from '../store/repositories';
import { actAs, type ActingStaff } from './acting-staff';
import { beforeReaderOf, entityOf } from './audit-before';
import { maskSecrets } from './audit-mask';

type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

export interface TeamDispatchDeps {
  dispatch: Dispatch;
  repos: Pick<Repositories, 'audit'>;
  now: () => number;
  onAuditFailed?: (err: unknown) => void;
}

/** Whether a successful call of this channel changed something, so the audit trail records it. */
export function changesState(channel: string): boolean {
  return roleForChannel(channel) !== 'viewer' && !CHANNELS_WITHOUT_CHANGES.has(channel);
}

/**
 * A team server's contract: the caller's role checked against the channel's before anything else runs (a viewer's
 * write is refused here, whatever the screen shows), the handler run as that user, and every change written to the
 * audit trail with the state before and after it where the contract can read it, secrets masked.
 */
export function createTeamDispatch(deps: TeamDispatchDeps) {
  const { dispatch, repos, now } = deps;

  async function readState(channel: string, input: unknown, who: ActingStaff): Promise<unknown> {
    const reader = beforeReaderOf(channel, input);
    if (!reader) return undefined;
    const r = await actAs(who, () => dispatch(reader.channel, reader.input));
    if (!r.ok) return null;
    return reader.pick ? reader.pick(r.data) : r.data;
  }

  return async function teamDispatch(who: ActingStaff, channel: string, input: unknown): Promise<Result<unknown>> {
    const needed = roleForChannel(channel);
    if (!roleAtLeast(who.role, needed)) {
      const can = needed === 'admin' ? 'an Admin' : 'an Operator or an Admin';
      return fail('forbidden', `Your role (${ROLE_LABELS[who.role]}) cannot do this: only ${can} can. Nothing was changed.`, undefined, `${channel} needs the ${needed} role.`);
    }
    if (!changesState(channel)) return await actAs(who, () => dispatch(channel, input));
    const before = await readState(channel, input, who);
    const result = await actAs(who, () => dispatch(channel, input));
    if (!result.ok) return result;
    // With a reader, before and after are the same view of the thing; without one, after is what was asked.
    const after = before === undefined ? maskSecrets(input) : maskSecrets(await readAfter(channel, input, result.data, who));
    try {
      await repos.audit.add({
        at: now(),
        actorId: who.id,
        actorEmail: who.email,
        channel,
        entity: entityOf(channel, input),
        before: before === undefined ? null : maskSecrets(before),
        after,
      });
    } catch (err) {
      deps.onAuditFailed?.(err);
    }
    return result;
  };

  async function readAfter(channel: string, input: unknown, output: unknown, who: ActingStaff): Promise<unknown> {
    const reader = beforeReaderOf(channel, input);
    // A save that answers the thing saved is its after; otherwise read it again as before was read.
    if (output && typeof output === 'object' && !Array.isArray(output)) return output;
    return reader ? await readState(channel, input, who) : output;
  }
}

export type TeamDispatch = ReturnType<typeof createTeamDispatch>;
