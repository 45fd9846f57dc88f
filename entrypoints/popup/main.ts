import { mount } from 'svelte';
import { setPageLanguage } from '@/components/i18n';
import App from './App.svelte';
import './app.css';

// Opened as a page (`popup.html?tabId=N`, "Open in a tab") it uses the whole window.
if (new URLSearchParams(location.search).has('tabId')) document.documentElement.classList.add('full-page');

setPageLanguage();

export default mount(App, { target: document.getElementById('app')! });
