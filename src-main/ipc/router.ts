import { z } from 'zod';
import {
  channels,
  fail,
  isChannelName,
  ok,
  type ChannelName,
  type ChannelOutput,
  type ParsedInput,
  type Result,
} from '../../src-preload/contract';
import { AppErrorException } from '../errors/app-error';
import { KeychainUnavailableError } from '../secrets/credential-store';
import { SettingsInvalidError } from '../connectors/connection-service';
import { RemoteError } from '../engine/remote-error';

export type Handlers = {
  [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>;

function issuesOf(err: z.ZodError) {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
}

/** Maps what a handler threw to the error the renderer shows. */
export function toFailure(err: unknown, onInternal?: (err: unknown) => void): Result<never> {
  if (err instanceof AppErrorException) return fail(err.code, err.message, err.issues);
  if (err instanceof SettingsInvalidError) return fail('invalid_input', err.message, err.issues);
  if (err instanceof KeychainUnavailableError) return fail('keychain_unavailable', `No keychain is reachable, so nothing was saved: ${err.message}`);
  if (err instanceof RemoteError) {
    if (err.kind === 'credentials_unavailable') return fail('keychain_unavailable', err.message);
    if (err.kind === 'auth') return fail('credentials_rejected', err.message);
    return fail('connection_failed', err.message);
  }
  onInternal?.(err);
  return fail('internal', `Something went wrong in SyncDesk: ${(err as Error)?.message ?? String(err)}`);
}

export interface RouterOptions {
  onInternal?: (err: unknown) => void;
  /** Masks secrets in error text: a remote may echo a password back inside its refusal. */
  redact?: (text: string) => string;
}

/** One router for both shells: check the channel, parse the input with its schema, run the handler, never throw. */
export function createRouter(handlers: Handlers, options: RouterOptions = {}): Dispatch {
  const redact = options.redact ?? ((t: string) => t);
  return async (channel, input) => {
    if (!isChannelName(channel)) return fail('unknown_channel', `There is no channel "${String(channel).slice(0, 80)}".`);
    const parsed = channels[channel].input.safeParse(input);
    if (!parsed.success) return fail('invalid_input', `Invalid input for ${channel}.`, issuesOf(parsed.error));
    try {
      const handler = handlers[channel] as (i: unknown) => Promise<unknown> | unknown;
      return ok(await handler(parsed.data));
    } catch (err) {
      const failure = toFailure(err, options.onInternal);
      if (failure.ok) return failure;
      const { code, message, issues } = failure.error;
      return fail(code, redact(message), issues?.map((i) => ({ path: i.path, message: redact(i.message) })));
    }
  };
}
