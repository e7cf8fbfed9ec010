import { z } from 'zod';
import {
  channels,
  coreChannels,
  fail,
  issueViews,
  ok,
  type ChannelOutput,
  type CoreChannelName,
  type ParsedInput,
  type Result,
} from '../../src-preload/contract';
import type { ContributedChannels } from '../connectors/connector';
import { AppErrorException } from '../errors/app-error';
import { KeychainUnavailableError } from '../secrets/credential-store';
import { SettingsInvalidError } from '../connectors/connection-service';
import { RemoteError } from '../engine/remote-error';
import { plainRemote } from '../errors/plain-remote';

/** The platform's own channels; connectors bring theirs when installed. */
export type Handlers = {
  [C in CoreChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

interface Route {
  input: z.ZodType;
  handle: ((input: unknown) => unknown) | null;
}

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;


/** Maps what a handler threw to the error the renderer shows. */
export function toFailure(err: unknown, onInternal?: (err: unknown) => void): Result<never> {
  if (err instanceof AppErrorException) return fail(err.code, err.message, err.issues, err.detail);
  if (err instanceof SettingsInvalidError) return fail('invalid_input', err.message, err.issues);
  if (err instanceof KeychainUnavailableError)
    return fail('keychain_unavailable', 'The keychain is not reachable now, so nothing was saved. Start or unlock it (Settings > Credentials says how), then try again.', undefined, err.message);
  if (err instanceof RemoteError) {
    const { headline, detail } = plainRemote(err);
    if (err.kind === 'credentials_unavailable') return fail('keychain_unavailable', headline, undefined, detail);
    if (err.kind === 'auth') return fail('credentials_rejected', headline, undefined, detail);
    return fail('connection_failed', headline, undefined, detail);
  }
  onInternal?.(err);
  return fail('internal', `Something went wrong in SyncDesk: ${(err as Error)?.message ?? String(err)}`);
}

export interface RouterOptions {
  onInternal?: (err: unknown) => void;
  /** Masks secrets in error text: a remote may echo a password back inside its refusal. */
  redact?: (text: string) => string;
}

/**
 * One router for both shells: check the channel, parse the input with its schema, run the handler, never throw.
 * The table holds the platform's channels, the channels installed connectors contribute, and the shipped
 * connectors' channels the preload names (refused clearly when that connector is not installed).
 */
export function createRouter(handlers: Handlers, contributed: ContributedChannels = {}, options: RouterOptions = {}): Dispatch {
  const redact = options.redact ?? ((t: string) => t);
  const table = new Map<string, Route>();
  for (const [name, def] of Object.entries(channels)) table.set(name, { input: def.input, handle: null });
  for (const name of Object.keys(coreChannels) as CoreChannelName[]) table.get(name)!.handle = handlers[name] as (input: unknown) => unknown;
  for (const [name, c] of Object.entries(contributed)) {
    if (name in coreChannels) throw new Error(`a connector contributes "${name}", a platform channel`);
    table.set(name, { input: c.def.input, handle: c.handle });
  }
  return async (channel, input) => {
    const route = typeof channel === 'string' ? table.get(channel) : undefined;
    if (!route) return fail('unknown_channel', `There is no channel "${String(channel).slice(0, 80)}".`);
    const parsed = route.input.safeParse(input);
    if (!parsed.success) {
      const issues = issueViews(parsed.error);
      return fail('invalid_input', 'Some entries need correcting: see the marked fields.', issues, `Refused by the ${channel} channel's input check.`);
    }
    if (!route.handle) return fail('not_found', `The connector that serves ${channel} is not installed.`);
    try {
      return ok(await route.handle(parsed.data));
    } catch (err) {
      const failure = toFailure(err, options.onInternal);
      if (failure.ok) return failure;
      const { code, message, issues, detail } = failure.error;
      return fail(code, redact(message), issues?.map((i) => ({ ...i, message: redact(i.message) })), detail && redact(detail));
    }
  };
}
