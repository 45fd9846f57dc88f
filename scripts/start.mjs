// `npm start`: build the extension, serve the demo sites (the e2e fixtures) on loopback and open
// a browser with Cookie Audit loaded on the demo page.
//   npm start                       Chromium, in a window
//   npm start -- --firefox          Firefox ESR, in a window
//   npm start -- --headless         no display: save screenshots of the popup on the demo page
//   npm start -- --headless --firefox
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumDemo, firefoxDemo, ROOT } from '../tests/e2e/support/browsers.mjs';
import { startFixtureServer } from '../tests/e2e/support/server.mjs';

const args = new Set(process.argv.slice(2));
const firefox = args.has('--firefox');
const headless = args.has('--headless');
const name = firefox ? 'firefox' : 'chromium';
const VIEWS = ['cookies', 'trackers', 'timeline'];

execFileSync('npx', ['wxt', 'build', ...(firefox ? ['-b', 'firefox'] : [])], { cwd: ROOT, stdio: 'inherit' });
const server = await startFixtureServer();
console.log(`Demo site: ${server.url('site.test')} (served on 127.0.0.1:${server.port})`);

if (headless) {
  const dir = join(ROOT, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const shots = [];
  if (firefox) {
    const demo = await firefoxDemo(server);
    await demo.popup.setViewport({ width: 800, height: 600 });
    await waitForCookies(demo.popup);
    // Firefox's WebDriver BiDi has no media emulation: the system theme (light) only.
    for (const view of VIEWS) {
      await demo.popup.evaluate((id) => document.getElementById(`tab-${id}`)?.click(), view);
      const path = join(dir, `popup-${name}-${view}.png`);
      await demo.popup.screenshot({ path, fullPage: true });
      shots.push(path);
    }
    await demo.browser.close();
  } else {
    const demo = await chromiumDemo(server);
    const popup = await demo.openPopup(demo.tabId);
    await popup.setViewportSize({ width: 800, height: 600 });
    await waitForCookies(popup);
    for (const scheme of ['light', 'dark']) {
      await popup.emulateMedia({ colorScheme: scheme });
      for (const view of VIEWS) {
        await popup.getByRole('tab', { name: new RegExp(`^${view}`, 'i') }).click();
        const path = join(dir, `popup-${name}-${view}-${scheme}.png`);
        await popup.screenshot({ path, fullPage: true });
        shots.push(path);
      }
    }
    await demo.context.close();
  }
  await server.close();
  console.log(`Screenshots of the popup on the demo page:\n${shots.map((s) => `  ${s}`).join('\n')}`);
} else {
  if (firefox) {
    const demo = await firefoxDemo(server, { headless: false });
    await demo.site.bringToFront();
    console.log('Firefox is open on the demo page, with the popup in a second tab. Close the window to stop.');
    await new Promise((resolve) => demo.browser.on('disconnected', resolve));
  } else {
    const demo = await chromiumDemo(server, { headless: false });
    await demo.openPopup(demo.tabId);
    await demo.site.bringToFront();
    console.log('Chromium is open on the demo page, with the popup in a second tab. Close the window to stop.');
    await new Promise((resolve) => demo.context.on('close', resolve));
  }
  await server.close();
}

async function waitForCookies(page) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await page.evaluate(() => document.querySelectorAll('tr.cookie-row').length > 0).catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('The popup showed no cookies for the demo page');
}
