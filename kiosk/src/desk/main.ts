import { mount } from 'svelte';
import '../lib/styles/base.css';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
