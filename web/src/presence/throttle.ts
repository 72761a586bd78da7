import type { TimerHandle, Timers } from '../timing/timers.ts';

export interface Throttled<T> {
  /** Offers a value: sent at once if the interval has passed, else the latest one is sent later. */
  push(value: T): void;
  /** Sends a waiting value now, if there is one. */
  flush(): void;
  /** Drops a waiting value without sending it. */
  cancel(): void;
}

/**
 * Calls `send` at most once per `intervalMs`, leading and trailing: the first value goes out
 * immediately, values offered during the interval collapse into the newest, which goes out when
 * the interval ends. So a burst never waits longer than one interval and the last position of a
 * gesture is never lost.
 */
export function throttle<T>(
  send: (value: T) => void,
  intervalMs: number,
  timers: Timers,
): Throttled<T> {
  let lastSentAt = -Infinity;
  let waiting: { value: T } | null = null;
  let timer: TimerHandle | null = null;

  const sendNow = (value: T) => {
    lastSentAt = timers.now();
    send(value);
  };

  const onTrailingEdge = () => {
    timer = null;
    const pending = waiting;
    waiting = null;
    if (pending) sendNow(pending.value);
  };

  return {
    push(value) {
      const wait = lastSentAt + intervalMs - timers.now();
      if (wait <= 0 && timer === null) {
        sendNow(value);
        return;
      }
      waiting = { value };
      timer ??= timers.setTimeout(onTrailingEdge, Math.max(0, wait));
    },
    flush() {
      if (timer !== null) timers.clearTimeout(timer);
      onTrailingEdge();
    },
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      waiting = null;
    },
  };
}
