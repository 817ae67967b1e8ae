import { mount } from 'svelte';
import { en } from '../lib/i18n/en.ts';
import { addMessages } from '../lib/i18n/i18n.svelte.ts';
import { ru } from '../lib/i18n/ru.ts';
import '../lib/styles/base.css';
import App from './App.svelte';

addMessages({ en, ru });
mount(App, { target: document.getElementById('app')! });
