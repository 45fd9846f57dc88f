// The DevTools page: it only adds the "Cookie Audit" panel, which audits the inspected tab
// (devtools.inspectedWindow.tabId, read by the panel itself).
import { browser } from 'wxt/browser';

void browser.devtools.panels.create('Cookie Audit', '/icon/48.png', '/devtools-panel.html');
