// The DevTools panel for the inspected tab; also opened as `devtools-panel.html?tabId=N`
// (as the popup is), which is how the tests drive it.
import { mount } from 'svelte';
import { setPageLanguage } from '@/components/i18n';
import Panel from './Panel.svelte';
import '../popup/app.css';
import './panel.css';

document.documentElement.classList.add('full-page');

setPageLanguage();

export default mount(Panel, { target: document.getElementById('app')! });
