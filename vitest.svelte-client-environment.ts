/**
 * A Vitest environment for tests whose own code uses runes: plain Node globals, but modules are
 * transformed for the client, as in the browser. Under Node's default (the server transform),
 * Svelte compiles `$effect` and `createSubscriber` to nothing, and what follows what is untested.
 */
import type { Environment } from 'vitest/environments';

const svelteClient: Environment = {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => {} }),
};

export default svelteClient;
