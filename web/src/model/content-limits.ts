/**
 * How much of the whiteboard's own data one room may hold: the contract between the app, which
 * must never write more, and the relay, which refuses an update that would (close 1007,
 * `whiteboard_content`). Written once here; both sides import it.
 *
 * Why these numbers: pages decode and draw every point of every stroke. One stroke of 5 million
 * points froze every open page of its room for 40 s, and 200,000 strokes in one transaction for
 * 1–1.7 s at a time. The largest board the client bench draws on has 50,000 strokes (generated
 * by bench/board/board-fixture.ts, 60 points each: 17.6 MB compacted, 3.9 s to open); a room
 * may hold twice that, so such a board can still grow. A 10,000-point stroke is 83 s of
 * continuous drawing at 120 Hz.
 */

/** Points one stroke may hold, summed over its chunks (a finished stroke holds one chunk). */
export const MAX_POINTS_PER_STROKE = 10_000;

/** Strokes one room may hold at once; erased strokes do not count. */
export const MAX_STROKES_PER_ROOM = 100_000;

/**
 * Characters one element's text (a text box, a note, a shape's label) is read up to, and one
 * insertion of characters may hold at most: a page of prose is 3,000, and laying out 10,000
 * characters on a canvas costs about a millisecond.
 */
export const MAX_TEXT_LENGTH = 10_000;
