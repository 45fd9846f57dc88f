// "How cookies and sessions work": opened from the popup as `learn.html?tabId=N`, so that it can
// tell the story with that tab's own cookies and pixels.
import { mount } from 'svelte';
import { setPageLanguage } from '@/components/i18n';
import LearnPage from '@/components/LearnPage.svelte';
import './learn.css';

const param = new URLSearchParams(location.search).get('tabId');
const tabId = param !== null && /^\d+$/.test(param) ? Number(param) : null;

setPageLanguage();

export default mount(LearnPage, { target: document.getElementById('app')!, props: { tabId } });
