/**
 * Messages on their way to peers, made once per message however many peers get them: the room
 * builds one SharedFrames for a broadcast (or a cached answer) and hands that same object to every
 * peer. Whatever a transport derives from the messages (their WebSocket framing) it derives once,
 * through `wire`, and every later peer reuses it: a broadcast to 1,000 sockets is framed once and
 * written 1,000 times.
 *
 * The rule is in the type, not in object identity: a transport never sees bare arrays it would
 * have to recognise again.
 */
export type FrameKind = 'sync' | 'awareness' | 'auth';

/** Turns messages into the bytes a transport writes; must be a pure function of the messages. */
export type Framing = (messages: readonly Uint8Array[]) => Uint8Array;

export class SharedFrames {
  /** One y-protocols message each, in order; each goes out as one WebSocket message. */
  readonly messages: readonly Uint8Array[];
  readonly kind: FrameKind;
  /** Bytes of the messages, before any framing. */
  readonly byteLength: number;
  #framing: Framing | null = null;
  #wire: Uint8Array | null = null;

  private constructor(messages: readonly Uint8Array[], kind: FrameKind) {
    this.messages = messages;
    this.kind = kind;
    let bytes = 0;
    for (const message of messages) bytes += message.byteLength;
    this.byteLength = bytes;
  }

  static sync(...messages: Uint8Array[]): SharedFrames {
    return new SharedFrames(messages, 'sync');
  }

  static syncAll(messages: readonly Uint8Array[]): SharedFrames {
    return new SharedFrames(messages, 'sync');
  }

  static awareness(messages: readonly Uint8Array[]): SharedFrames {
    return new SharedFrames(messages, 'awareness');
  }

  static auth(message: Uint8Array): SharedFrames {
    return new SharedFrames([message], 'auth');
  }

  /**
   * The messages as `framing` writes them, computed by the first peer that asks and kept while the
   * object lives (a cached answer is held with its wire bytes: about twice its size). A second
   * framing would make the cache lie, so it throws: one server has one transport.
   */
  wire(framing: Framing): Uint8Array {
    if (this.#wire && this.#framing === framing) return this.#wire;
    if (this.#framing !== null) {
      throw new Error('SharedFrames were framed by another transport already');
    }
    this.#framing = framing;
    this.#wire = framing(this.messages);
    return this.#wire;
  }
}
