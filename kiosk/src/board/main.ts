import { mount } from 'svelte';
import '../lib/styles/base.css';
import '../lib/styles/kiosk.css';
import BoardApp from './BoardApp.svelte';

mount(BoardApp, { target: document.getElementById('app')! });
