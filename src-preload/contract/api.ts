import type { ChannelInput, ChannelName, ChannelOutput } from './channels';
import type { EventName, EventPayload } from './events';
import type { Result } from './errors';

// Named functions derived from channel names: 'sync:run-detail' -> syncRunDetail, event 'sync:progress' -> onSyncProgress.
type Camel<S extends string> = S extends `${infer A}:${infer B}`
  ? `${Camel<A>}${Capitalize<Camel<B>>}`
  : S extends `${infer A}-${infer B}`
    ? `${A}${Capitalize<Camel<B>>}`
    : S;

export type EventMethodName<E extends EventName> = `on${Capitalize<Camel<E>>}`;

export type SyncDeskApi = {
  [C in ChannelName as Camel<C>]: (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
} & {
  [E in EventName as EventMethodName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

export function camel(name: string): string {
  return name.replace(/[:-]([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export function channelMethodName(channel: ChannelName): string {
  return camel(channel);
}

export function eventMethodName(event: EventName): string {
  const c = camel(event);
  return `on${c[0]!.toUpperCase()}${c.slice(1)}`;
}

/** Builds the named-function API from two transport primitives; preload and the headless client share it. */
export function buildApi(
  invoke: (channel: ChannelName, input: unknown) => Promise<Result<unknown>>,
  subscribe: (event: EventName, listener: (payload: unknown) => void) => () => void,
  channelNames: readonly ChannelName[],
  eventNames: readonly EventName[],
): SyncDeskApi {
  const api: Record<string, unknown> = {};
  for (const ch of channelNames) api[channelMethodName(ch)] = (input: unknown) => invoke(ch, input ?? {});
  for (const ev of eventNames) api[eventMethodName(ev)] = (listener: (p: unknown) => void) => subscribe(ev, listener);
  return api as SyncDeskApi;
}
