/** The popup's components, mounted once loaded (main.ts asked the background first). */
import { mount } from 'svelte';
import { setPageLanguage } from '@/components/i18n';
import App from './App.svelte';
import './app.css';

export function start(): ReturnType<typeof mount> {
  setPageLanguage();
  return mount(App, { target: document.getElementById('app')! });
}
