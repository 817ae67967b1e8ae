import { mount } from 'svelte';
import { addMessages } from '../lib/i18n/i18n.svelte.ts';
import { shopfloorEn, shopfloorRu } from '../lib/i18n/modules/shopfloor.ts';
import '../lib/styles/base.css';
import '../lib/styles/kiosk.css';
import LiftApp from './LiftApp.svelte';

addMessages({ en: shopfloorEn, ru: shopfloorRu });
mount(LiftApp, { target: document.getElementById('app')! });
