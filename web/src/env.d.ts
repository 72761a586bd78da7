// Ambient types for what Vite resolves at build time: `.svelte` components and CSS imports.
/// <reference types="svelte" />
/// <reference types="vite/client" />
