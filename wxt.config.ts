import { execFileSync } from 'node:child_process';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  zip: {
    // The Firefox sources zip is for reviewers to rebuild from: local artefacts and the data
    // generated at build time (rebuilt from the pinned sets) stay out, as they do in git.
    excludeSources: ['screenshots/**', 'test-results/**', 'lib/knowledge/generated/**'],
  },
  hooks: {
    // Tracker knowledge is generated from pinned, checksummed data sets (scripts/data/build-data.mjs).
    'build:before': (wxt) => {
      execFileSync(process.execPath, ['scripts/data/build-data.mjs'], { cwd: wxt.config.root, stdio: 'inherit' });
    },
  },
  manifest: ({ browser }) => ({
    name: 'Cookie Audit',
    description: '__MSG_extension_description__',
    // The UI's words are in public/_locales; the browser picks its UI language's, else English.
    default_locale: 'en',
    // Each permission is justified in README.md ("Permissions").
    permissions: ['cookies', 'webRequest', 'webNavigation', 'tabs', 'storage', 'scripting'],
    host_permissions: ['<all_urls>'],
    action: { default_title: 'Cookie Audit' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'cookie-audit@cookie-audit.dev',
              strict_min_version: '140.0',
              // The extension collects and transmits nothing.
              data_collection_permissions: { required: ['none'] },
            },
            // data_collection_permissions needs Firefox 140 on desktop and 142 on Android.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
