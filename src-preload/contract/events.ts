import { z } from 'zod';
import { LogEntry, RunProgress, RunSummary } from './models';

// Events flow one way, main -> renderer.
export const events = {
  'sync:progress': RunProgress,
  'sync:run-updated': RunSummary,
  'log:appended': z.object({ entries: z.array(LogEntry) }),
  'connections:changed': z.object({ connectorId: z.string() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
