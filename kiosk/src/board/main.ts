import { mount } from 'svelte';
import { addMessages } from '../lib/i18n/i18n.svelte.ts';
import { shopfloorEn, shopfloorRu } from '../lib/i18n/modules/shopfloor.ts';
import '../lib/styles/base.css';
import '../lib/styles/kiosk.css';
import BoardApp from './BoardApp.svelte';

addMessages({ en: shopfloorEn, ru: shopfloorRu });
mount(BoardApp, { target: document.getElementById('app')! });
