import type { BoardTheme } from '../tools/palette.ts';

export const THEME_STORAGE_KEY = 'whiteboard.theme';

/** The part of Storage the theme needs. */
export type ThemeStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function isBoardTheme(value: unknown): value is BoardTheme {
  return value === 'light' || value === 'dark';
}

/**
 * Light or dark: the system's choice until the user picks one with the toggle, which is then
 * remembered. Sets `data-theme` on <html>, which the stylesheet's `color-scheme` (and through
 * it every `light-dark()` colour) follows.
 */
export class Theme {
  readonly #storage: ThemeStorage | null;
  #chosen = $state<BoardTheme | null>(null);
  #systemDark = $state(false);

  constructor(storage: ThemeStorage | null = safeLocalStorage()) {
    this.#storage = storage;
    this.#chosen = readChoice(storage);
  }

  get current(): BoardTheme {
    return this.#chosen ?? (this.#systemDark ? 'dark' : 'light');
  }

  /** True once the user picked a theme rather than following the system. */
  get chosen(): boolean {
    return this.#chosen !== null;
  }

  toggle(): void {
    this.#chosen = this.current === 'dark' ? 'light' : 'dark';
    try {
      this.#storage?.setItem(THEME_STORAGE_KEY, this.#chosen);
    } catch (error) {
      console.warn('Could not save the theme; it lasts only for this page', error);
    }
  }

  /** Follows the system setting and keeps <html data-theme> in step until the returned stop. */
  apply(root: HTMLElement): () => void {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => (this.#systemDark = query.matches);
    follow();
    query.addEventListener('change', follow);
    const stopEffect = $effect.root(() => {
      $effect(() => {
        root.dataset.theme = this.current;
      });
    });
    return () => {
      query.removeEventListener('change', follow);
      stopEffect();
    };
  }
}

function readChoice(storage: ThemeStorage | null): BoardTheme | null {
  try {
    const stored = storage?.getItem(THEME_STORAGE_KEY);
    return isBoardTheme(stored) ? stored : null;
  } catch {
    return null;
  }
}

function safeLocalStorage(): ThemeStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
