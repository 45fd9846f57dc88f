import { begin } from './early';

// Opened as a page (`popup.html?tabId=N`, "Open in a tab") it uses the whole window.
if (new URLSearchParams(location.search).has('tabId')) document.documentElement.classList.add('full-page');

// The tab and its view are asked for while the components load (early.ts).
begin(location.search);

export default (await import('./start')).start();
