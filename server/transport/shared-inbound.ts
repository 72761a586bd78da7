import type { CloseReason } from '../protocol/close-reasons.ts';
import { TokenBucket } from './token-bucket.ts';

/** A connection as a shared inbound budget sees it. */
export interface InboundSender {
  readonly state: 'open' | 'closing' | 'closed';
  /** Bytes it sent lately (decaying, see RecentBytes). */
  recentBytes(now: number): number;
  close(reason: CloseReason): void;
}

/** Time constant of RecentBytes: a byte sent 10 s ago counts 1/e, 30 s ago 1/20. */
const RECENT_WINDOW_MS = 10_000;

/**
 * Bytes a sender sent lately, decaying exponentially (e^(-t/10 s)): two numbers per connection
 * instead of a window of samples. A steady sender at r bytes/s settles at about r × 10 s, so with
 * heavyBytes at MAX_PAYLOAD_BYTES (4 MiB) a sender counts as heavy from about 420 KB/s sustained,
 * while a hand drawing (a few KB/s) never does.
 */
export class RecentBytes {
  #bytes = 0;
  #at = 0;

  add(now: number, bytes: number): void {
    this.#bytes = this.read(now) + bytes;
    this.#at = now;
  }

  read(now: number): number {
    if (this.#bytes === 0) return 0;
    return this.#bytes * Math.exp(-Math.max(0, now - this.#at) / RECENT_WINDOW_MS);
  }
}

/** After a search found nobody to blame, how long a dry budget admits without searching again. */
const CALM_MS = 100;

/**
 * Inbound bytes shared by a group of connections (everyone in a room, or everyone behind one
 * address), so that senders who each stay inside their own limit still cannot together send more
 * than the group's readers can take. Dropping a message would silently diverge its sender, so
 * nothing is dropped: when the budget runs dry, the heaviest recent sender in the group is closed
 * (with `reason`), whoever's message it was, and the message that found it dry still goes
 * through unless its own sender was the heaviest.
 *
 * Only a sender to blame is closed: one heavy on its own (above `heavyBytes`), or the heaviest
 * above its fair share of the budget (its rate × the RecentBytes window ÷ the open senders in
 * the group). Many light senders that together drain the budget (50 connections of one address
 * at 400 KB/s each, every one under heavyBytes, made 20 MB/s for every reader) are so closed one
 * by one, heaviest first, while it stays dry. A sender at or below its share never is: with the
 * room defaults (1 MiB/s, 500 seats) a share is 21 KB within 10 s, 2 KB/s sustained, for each of
 * 500 senders at once; and while the senders stay within the budget together, nobody is closed.
 */
export class SharedInbound {
  readonly #bucket: TokenBucket;
  readonly #members = new Set<InboundSender>();
  readonly #reason: CloseReason;
  readonly #heavyBytes: number;
  /** What the whole group may have sent within one RecentBytes window, at the budget's rate. */
  readonly #windowBytes: number;
  #calmUntil = Number.NEGATIVE_INFINITY;

  constructor(
    options: { bytesPerSecond: number; burst: number; heavyBytes: number; reason: CloseReason },
    now: number,
  ) {
    this.#bucket = new TokenBucket(options.bytesPerSecond, options.burst, now);
    this.#heavyBytes = options.heavyBytes;
    this.#windowBytes = (options.bytesPerSecond * RECENT_WINDOW_MS) / 1000;
    this.#reason = options.reason;
  }

  get size(): number {
    return this.#members.size;
  }

  add(sender: InboundSender): void {
    this.#members.add(sender);
  }

  delete(sender: InboundSender): void {
    this.#members.delete(sender);
  }

  /**
   * Charges a message of `bytes` from `sender` (whose RecentBytes already count it). Returns the
   * reason to close the sender with, or null to deliver the message.
   */
  admit(sender: InboundSender, bytes: number, now: number): CloseReason | null {
    if (this.#bucket.take(now, bytes) || now < this.#calmUntil) return null;
    const heaviest = this.#toBlame(now);
    if (!heaviest) {
      // A search walks every member (up to a room's cap): do it at most every CALM_MS.
      this.#calmUntil = now + CALM_MS;
      return null;
    }
    if (heaviest === sender) return this.#reason;
    heaviest.close(this.#reason);
    return null;
  }

  /** The heaviest open sender, if it is heavy on its own or above its fair share; else null. */
  #toBlame(now: number): InboundSender | null {
    let heaviest: InboundSender | null = null;
    let most = 0;
    let senders = 0;
    for (const member of this.#members) {
      if (member.state !== 'open') continue;
      senders++;
      const bytes = member.recentBytes(now);
      if (bytes > most) {
        most = bytes;
        heaviest = member;
      }
    }
    const fairShare = this.#windowBytes / Math.max(1, senders);
    return most > Math.min(this.#heavyBytes, fairShare) ? heaviest : null;
  }
}
