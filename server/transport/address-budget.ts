import { CloseReason } from '../protocol/close-reasons.ts';
import { QueuedBytes } from './queued-bytes.ts';
import { SharedInbound } from './shared-inbound.ts';
import { TokenBucket } from './token-bucket.ts';

export interface AddressLimits {
  readonly maxConnectionsPerIp: number;
  readonly upgradesPerSecondPerIp: number;
  readonly newRoomsPerMinutePerIp: number;
  readonly maxBufferedBytesPerIp: number;
  readonly ipRateLimitBytesPerSecond: number;
  readonly maxPayload: number;
}

/**
 * What one client address (an IPv4 address or an IPv6 /64, see budgetKey) may still do: its
 * open connections (in total and per room), upgrades and room creations per second, and the
 * bytes its connections together may send and have queued.
 */
export class AddressBudget {
  readonly key: string;
  /** Connections open or being opened; a seat is taken before the upgrade completes. */
  #connections = 0;
  readonly #perRoom = new Map<string, number>();
  readonly #upgrades: TokenBucket;
  readonly #newRooms: TokenBucket;
  readonly #tickets: TokenBucket;
  readonly inbound: SharedInbound;
  readonly queued: QueuedBytes;
  #lastUsed: number;

  constructor(key: string, limits: AddressLimits, now: number) {
    this.key = key;
    const upgrades = limits.upgradesPerSecondPerIp;
    // Twice the rate at once: a whole office reconnecting after a deploy, within the client's
    // backoff (up to 2.5 s), passes without a single 429 at the defaults (20/s, 40 at once).
    this.#upgrades = new TokenBucket(upgrades, 2 * upgrades, now);
    // The app fetches one ticket before each connect: tickets go at the rate of upgrades.
    this.#tickets = new TokenBucket(upgrades, 2 * upgrades, now);
    const rooms = limits.newRoomsPerMinutePerIp;
    this.#newRooms = new TokenBucket(rooms / 60, rooms, now);
    this.inbound = new SharedInbound(
      {
        bytesPerSecond: limits.ipRateLimitBytesPerSecond,
        // Two connections each sending their own burst (two frames) at once.
        burst: 4 * limits.maxPayload,
        heavyBytes: limits.maxPayload,
        reason: CloseReason.addressVolume,
      },
      now,
    );
    this.queued = new QueuedBytes(limits.maxBufferedBytesPerIp, CloseReason.addressBacklog);
    this.#lastUsed = now;
  }

  get connections(): number {
    return this.#connections;
  }

  roomConnections(room: string): number {
    return this.#perRoom.get(room) ?? 0;
  }

  /** Spends one upgrade; false when the address has none left. */
  takeUpgrade(now: number): boolean {
    this.#lastUsed = now;
    return this.#upgrades.take(now);
  }

  /** Spends one ticket (POST /api/tickets); false when the address has none left. */
  takeTicket(now: number): boolean {
    this.#lastUsed = now;
    return this.#tickets.take(now);
  }

  /** Spends one room creation (an upgrade that loads a room, POST /api/rooms); false when none are left. */
  takeNewRoom(now: number): boolean {
    this.#lastUsed = now;
    return this.#newRooms.take(now);
  }

  /** Takes a seat in `room`, before the upgrade completes; give it back with `release`. */
  reserve(room: string): void {
    this.#connections++;
    this.#perRoom.set(room, this.roomConnections(room) + 1);
  }

  /**
   * Gives back a seat in `room`. A release without its reserve gives back nothing: a count below
   * zero would let the address hold that many connections more than its cap, and never be idle.
   */
  release(room: string, now: number): void {
    this.#lastUsed = now;
    const inRoom = this.roomConnections(room);
    if (inRoom === 0) return;
    this.#connections--;
    if (inRoom > 1) this.#perRoom.set(room, inRoom - 1);
    else this.#perRoom.delete(room);
  }

  /**
   * Holds no connection and has not been used for a minute, by when its room creations (the
   * slowest bucket) and upgrades have refilled: forgetting it gives back nothing it lacked.
   */
  isIdle(now: number): boolean {
    return this.#connections === 0 && now - this.#lastUsed >= 60_000;
  }
}

/** Every client address seen lately. Idle ones are swept (on the heartbeat), so the map stays small. */
export class AddressBudgets {
  readonly #limits: AddressLimits;
  readonly #byKey = new Map<string, AddressBudget>();

  constructor(limits: AddressLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#byKey.size;
  }

  of(key: string, now: number): AddressBudget {
    let budget = this.#byKey.get(key);
    if (!budget) {
      budget = new AddressBudget(key, this.#limits, now);
      this.#byKey.set(key, budget);
    }
    return budget;
  }

  sweep(now: number): void {
    for (const [key, budget] of this.#byKey) if (budget.isIdle(now)) this.#byKey.delete(key);
  }

  /** Measures every address's recorded backlog again. */
  refreshQueued(): void {
    for (const budget of this.#byKey.values()) budget.queued.refresh();
  }
}
