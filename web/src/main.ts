import { mount } from 'svelte';
import App from './App.svelte';
import { enterRoute } from './routing.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element to mount into');

mount(App, { target, props: { route: enterRoute(location, history) } });
