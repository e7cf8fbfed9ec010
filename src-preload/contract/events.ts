import { z } from 'zod';
import { LogEntry, RunProgress, RunSummary } from './models';
import { Alert } from './alerts-models';

// Events flow one way, main -> renderer.
export const events = {
  'sync:progress': RunProgress,
  'sync:run-updated': RunSummary,
  'log:appended': z.object({ entries: z.array(LogEntry) }),
  'connections:changed': z.object({ connectorId: z.string() }),
  // The open errors changed (a failure, a resolution, a retry): counts and lists reload.
  'errors:changed': z.object({}),
  // An alert was raised (raised set: notify) or acknowledged or cleared.
  'alerts:changed': z.object({ raised: Alert.nullable() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
