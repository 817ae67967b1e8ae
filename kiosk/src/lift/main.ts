import { mount } from 'svelte';
import '../lib/styles/base.css';
import '../lib/styles/kiosk.css';
import LiftApp from './LiftApp.svelte';

mount(LiftApp, { target: document.getElementById('app')! });
