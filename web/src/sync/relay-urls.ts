/** The relay's WebSocket endpoints on the page's own origin. */
import { Endpoint } from '../../../protocol/endpoints.ts';

/** The relay's WebSocket endpoint on the page's own origin; the provider appends `/<room>`. */
export function relayUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${Endpoint.socket}`;
}

/** The relay's endpoint for links; the provider appends `/<link id>`, its "room". */
export function linkRelayUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${Endpoint.linkSocket}`;
}
