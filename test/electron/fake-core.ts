// A recording CoreHandle: the core is the boundary of the shell's tests.
import type { CoreHandle } from '../../src-main/core/core-handle';
import { ok, type EventName, type EventPayload, type Result } from '../../src-preload/contract';

type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface FakeCore extends CoreHandle {
  readonly dispatched: Array<{ channel: string; input: unknown }>;
  closeCalls: number;
  dispatchImpl: (channel: string, input: unknown) => Promise<Result<unknown>>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(): number;
}

export function fakeCore(listenerUrl: string | null = null): FakeCore {
  const listeners = new Set<EventListener>();
  const core: FakeCore = {
    mode: 'electron',
    dataDir: '/data',
    listenerUrl,
    dispatched: [],
    closeCalls: 0,
    dispatchImpl: async (channel) => ok({ handledBy: channel }),
    dispatch(channel, input) {
      core.dispatched.push({ channel, input });
      return core.dispatchImpl(channel, input);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    listenerCount: () => listeners.size,
    async close() {
      core.closeCalls += 1;
    },
  };
  return core;
}
