// The floor of the page-load benchmark (scripts/bench-pageload.mjs): the listeners Cookie Audit's
// background registers in Chrome, with the same filters and extraInfoSpec (MONITOR_LISTENERS in
// lib/monitor/listeners.ts), doing nothing. What it costs is what Chrome charges any extension
// that observes every request: dispatching each event to its worker and, for 'extraHeaders',
// routing the requests through the browser process. Its manifest also declares Cookie Audit's
// two content scripts, empty (content-isolated.js, content-main.js). tests/unit/monitor/bench-control.test.ts
// keeps it in step with Cookie Audit.
const ALL_URLS = { urls: ['<all_urls>'] };
const ignore = () => {};

chrome.webRequest.onBeforeRequest.addListener(ignore, ALL_URLS);
chrome.webRequest.onSendHeaders.addListener(ignore, ALL_URLS, ['requestHeaders', 'extraHeaders']);
chrome.webRequest.onHeadersReceived.addListener(ignore, ALL_URLS, ['responseHeaders', 'extraHeaders']);
chrome.webRequest.onCompleted.addListener(ignore, ALL_URLS);
chrome.webRequest.onErrorOccurred.addListener(ignore, ALL_URLS);
chrome.cookies.onChanged.addListener(ignore);
chrome.webNavigation.onCommitted.addListener(ignore);
chrome.webNavigation.onHistoryStateUpdated.addListener(ignore);
chrome.webNavigation.onReferenceFragmentUpdated.addListener(ignore);
