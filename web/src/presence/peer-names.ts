/**
 * Names of other people as this page shows them, so that nobody can pass for somebody else.
 * A peer chooses its own name (awareness-state.ts accepts any tidy 1–32 character string), so
 * a name could carry this page's own markers ("Ann (you)" reads as this page's row, "Ann idle" as
 * an idle Ann), look blank (U+3164 HANGUL FILLER, braille blank, combining marks alone), or copy
 * another participant's name exactly. Pure: the participant list and cursor labels call it.
 */

/** Shown for a peer whose name shows nothing. */
export const UNNAMED = 'Unnamed';

/** Characters that take space but draw nothing, beyond what normalizeName already strips. */
const FILLERS = /\u115f|\u1160|\u2800|\u3164|\uffa0|\u17b4|\u17b5|\u180e/gu;
/** What leaves nothing to see on its own: fillers, spaces, and marks without a base letter. */
const BLANK = /[\s\p{M}]|\u115f|\u1160|\u2800|\u3164|\uffa0|\u17b4|\u17b5|\u180e/gu;

/**
 * The page's own markers in a name: "(you)" / "(idle)" in any brackets, a trailing "idle" or
 * "you" word, and a trailing "(2)"-style counter, which this page adds itself to tell copies
 * apart. Matched on the NFKC form, so fullwidth brackets and letters count too.
 */
const MARKERS = [
  /[([{<]\s*(?:you|idle)\s*[)\]}>]/giu,
  /(?:^|\s)[-–—·•|:]?\s*(?:you|idle)\s*$/iu,
  /\s*\(\s*\d+\s*\)\s*$/u,
];

/** A peer's name with this page's markers taken out, or UNNAMED when nothing visible is left. */
export function peerDisplayName(name: string): string {
  let shown = name.normalize('NFKC').replace(FILLERS, ' ');
  for (let changed = true; changed;) {
    const before = shown;
    for (const marker of MARKERS) shown = shown.replace(marker, ' ');
    shown = shown.replace(/\s+/gu, ' ').trim();
    changed = shown !== before;
  }
  return shown.replace(BLANK, '') === '' ? UNNAMED : shown;
}

/**
 * The form two names are compared in: "ALICE", "alice", "Alíce" and "Ａｌｉｃｅ" are one name to a
 * reader at a glance (decomposed, accents and fillers dropped, lower case).
 */
export function nameKey(name: string): string {
  return name.normalize('NFKD').replace(BLANK, '').toLocaleLowerCase('en');
}

export interface NamedEntry {
  readonly clientId: number;
  readonly name: string;
  readonly isSelf: boolean;
}

/**
 * The name to show for each entry, by client id: this page's own name as it is, everyone else's
 * through peerDisplayName, and every name that repeats an earlier one (this page's first, then
 * by client id) followed by " (2)", " (3)"….
 */
export function distinctNames(entries: readonly NamedEntry[]): Map<number, string> {
  const ordered = [...entries].sort(
    (a, b) => Number(b.isSelf) - Number(a.isSelf) || a.clientId - b.clientId,
  );
  const seen = new Map<string, number>();
  const names = new Map<number, string>();
  for (const { clientId, name, isSelf } of ordered) {
    const shown = isSelf ? name : peerDisplayName(name);
    const key = nameKey(shown);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    names.set(clientId, count === 1 ? shown : `${shown} (${count})`);
  }
  return names;
}
