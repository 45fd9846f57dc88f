/**
 * The side panel (Chrome `side_panel`, Firefox `sidebar_action`): the popup's views, kept open
 * beside the page, for the active tab of its window. `?windowId=N` follows window N instead,
 * for the panel's page opened in a tab of another window.
 */
import { mount } from 'svelte';
import { setPageLanguage } from '@/components/i18n';
import App from '../popup/App.svelte';
import { activeTabOf } from './activeTab';
import '../popup/app.css';
import './sidepanel.css';

const param = new URLSearchParams(location.search).get('windowId');
// As wide and tall as the browser makes the panel, not the popup's fixed size.
document.documentElement.classList.add('full-page');

setPageLanguage();

export default mount(App, {
  target: document.getElementById('app')!,
  props: { tabs: activeTabOf(param !== null && /^\d+$/.test(param) ? Number(param) : null), surface: 'panel' },
});
