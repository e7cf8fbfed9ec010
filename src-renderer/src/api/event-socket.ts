import { isEventName, SESSION_ENDED_CLOSE, type EventName } from '../../../src-preload/contract';

export type SocketState = 'connecting' | 'connected' | 'disconnected';
type Listener = (payload: unknown) => void;

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Delay before reconnect attempt n (0-based): exponential with full jitter, so many tabs do not reconnect in step. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** Math.min(attempt, 10));
  return Math.round(MIN_DELAY_MS + random() * (ceiling - MIN_DELAY_MS));
}

/** One WebSocket for all events; it reconnects with backoff and reports its state. */
export class EventSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Map<EventName, Set<Listener>>();

  constructor(
    private readonly url: string,
    private readonly onState: (state: SocketState) => void,
    private readonly onSessionEnded?: () => void,
  ) {}

  start(): void {
    this.connect();
  }

  subscribe(event: EventName, listener: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private connect(): void {
    this.timer = null;
    this.onState(this.attempt === 0 ? 'connecting' : 'disconnected');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.onState('connected');
    };
    socket.onmessage = (message) => this.dispatch(message.data);
    socket.onclose = (closed) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onState('disconnected');
      if (closed.code === SESSION_ENDED_CLOSE && this.onSessionEnded) return this.onSessionEnded();
      this.scheduleReconnect();
    };
    // onclose follows onerror; reconnecting happens there.
    socket.onerror = () => undefined;
  }

  private scheduleReconnect(): void {
    if (this.timer) return;
    const delay = backoffDelay(this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch (err) {
        console.error(`listener for ${event} failed`, err);
      }
    }
  }
}
