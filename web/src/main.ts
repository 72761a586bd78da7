import { mount } from 'svelte';
import App from './App.svelte';
import { newBoard } from './board/new-board.ts';
import { browserDeviceKeyStorage, deviceKey } from './credentials/device-key.ts';
import { browserTokenStorage, PageTokens } from './credentials/page-token.ts';
import { AppUpdate } from './offline/app-update.svelte.ts';
import { pageIsControlled, registerServiceWorker } from './offline/service-worker.ts';
import { enterRoute } from './routing.ts';
import { Theme } from './ui/theme.svelte.ts';
import UpdateBanner from './ui/UpdateBanner.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount into');

// Applied before mounting, so a remembered dark theme never flashes light.
const theme = new Theme();
theme.apply(document.documentElement);

const device = deviceKey(browserDeviceKeyStorage());
const route = await enterRoute(location, history, {
  tokens: new PageTokens(browserTokenStorage()),
  newBoard: () => newBoard(device),
});
mount(App, { target, props: { route, theme, device } });
// Read before registering: a first visit's page is claimed by its own build's worker.
const update = new AppUpdate(pageIsControlled());
const bannerTarget = document.body.appendChild(document.createElement('div'));
mount(UpdateBanner, { target: bannerTarget, props: { update } });
registerServiceWorker(update);
