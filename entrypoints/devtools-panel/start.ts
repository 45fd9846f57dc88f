/** The panel's components, mounted once loaded (main.ts asked the background first). */
import { mount } from 'svelte';
import { setPageLanguage } from '@/components/i18n';
import Panel from './Panel.svelte';
import '../popup/app.css';
import './panel.css';

export function start(): ReturnType<typeof mount> {
  document.documentElement.classList.add('full-page');
  setPageLanguage();
  return mount(Panel, { target: document.getElementById('app')! });
}
