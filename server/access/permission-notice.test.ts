import * as authProtocol from 'y-protocols/auth';
import * as decoding from 'lib0/decoding';
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { Capability } from './access.ts';
import { encodePermissionDenied } from './permission-notice.ts';

it('is the y-protocols permission-denied message a stock client reads', () => {
  const reasons: string[] = [];
  const decoder = decoding.createDecoder(encodePermissionDenied(Capability.docWrite));
  expect(decoding.readVarUint(decoder)).toBe(2);
  authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, reason) => reasons.push(reason));
  expect(reasons).toEqual(['read-only: this connection may not change the document']);
  expect(decoding.hasContent(decoder)).toBe(false);
});
