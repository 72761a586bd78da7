import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CloseReason, SERVER_CLOSE_CODES } from '../../protocol/close-reasons.ts';
import { Endpoint } from '../../protocol/endpoints.ts';

const doc = readFileSync(new URL('../../protocol/PROTOCOL.md', import.meta.url), 'utf8');

/** The table rows of the document, as cells. */
const rows = doc
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

describe('protocol/PROTOCOL.md', () => {
  it('lists every close reason with the code and reason text the relay sends', () => {
    for (const { code, label, reason } of Object.values(CloseReason)) {
      const row = rows.find((cells) => cells[1] === `\`${label}\``);
      expect(row, label).toBeDefined();
      expect(row!.slice(0, 3), label).toEqual([String(code), `\`${label}\``, reason]);
    }
  });

  it('says what the app does with every code it can receive', () => {
    const appTable = doc.slice(doc.indexOf('## 7.'));
    for (const code of SERVER_CLOSE_CODES) {
      expect(appTable, `close code ${code}`).toContain(String(code));
    }
  });

  it('names every endpoint', () => {
    for (const path of Object.values(Endpoint)) expect(doc, path).toContain(`\`${path}`);
  });
});
