/**
 * Toolbar icons: path data on a 24 × 24 grid, drawn with a 2-unit round stroke in the current
 * text colour (see Icon.svelte), so they follow the theme.
 */
export const ICONS = {
  pen: [
    'M4 20l1.2-4.8L15.6 4.8a1.9 1.9 0 0 1 2.7 0l.9.9a1.9 1.9 0 0 1 0 2.7L8.8 18.8z',
    'M13.5 7l3.5 3.5',
  ],
  eraser: [
    'M9 20h11',
    'M4.7 14.3l8.6-8.6a2 2 0 0 1 2.8 0l2.2 2.2a2 2 0 0 1 0 2.8L10.6 18.4a2 2 0 0 1-2.8 0l-3.1-3.1a.7.7 0 0 1 0-1z',
    'M9.2 9.8l5 5',
  ],
  select: ['M5 3l14 7.5-6.2 1.7L9.8 18z', 'M12.8 12.2l5 5'],
  rect: ['M4 6h16v12H4z'],
  ellipse: ['M12 5c4.4 0 8 3.1 8 7s-3.6 7-8 7-8-3.1-8-7 3.6-7 8-7z'],
  line: ['M5 19L19 5'],
  arrow: ['M5 19L19 5', 'M10 5h9v9'],
  text: ['M5 6V4h14v2', 'M12 4v16', 'M9 20h6'],
  note: ['M4 4h16v10l-6 6H4z', 'M14 20v-6h6'],
  hand: ['M12 3v18', 'M3 12h18', 'M9 6l3-3 3 3', 'M9 18l3 3 3-3', 'M6 9l-3 3 3 3', 'M18 9l3 3-3 3'],
  undo: ['M9 14L4 9l5-5', 'M4 9h10.5a5.5 5.5 0 0 1 0 11H11'],
  redo: ['M15 14l5-5-5-5', 'M20 9H9.5a5.5 5.5 0 0 0 0 11H13'],
  trash: ['M4 7h16', 'M9 7V4.5h6V7', 'M6 7l1 13h10l1-13', 'M10 11v5', 'M14 11v5'],
  download: ['M12 4v11', 'M7.5 10.5L12 15l4.5-4.5', 'M5 20h14'],
  link: [
    'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1',
    'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  ],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  sun: [
    'M12 8a4 4 0 1 0 0 8 4 4 0 1 0 0-8z',
    'M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4',
  ],
  moon: ['M19.5 14.5A8 8 0 0 1 9.5 4.5a8 8 0 1 0 10 10z'],
  help: [
    'M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z',
    'M9.6 9.4a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.6',
    'M12 16.8v.2',
  ],
  plus: ['M12 5v14', 'M5 12h14'],
  minus: ['M5 12h14'],
  fit: ['M4 9V4h5', 'M20 9V4h-5', 'M4 15v5h5', 'M20 15v5h-5'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  clock: ['M12 3a9 9 0 1 0 0 18 9 9 0 1 0 0-18z', 'M12 7v5l3.5 2'],
} as const satisfies Record<string, readonly string[]>;

export type IconName = keyof typeof ICONS;
