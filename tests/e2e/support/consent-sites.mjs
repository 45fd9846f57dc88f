// Consent fixture sites (issue #10), served by server.mjs: a compliant site, a violating one,
// and a site with an IAB TCF v2.2 consent platform where a click completes the choice. Their
// tags are the shop's stand-ins on the tags' real host names (the Google tag, which ignores
// Consent Mode as any non-Google or misconfigured tag would, and the Meta pixel), and the
// recipe site's Segment analytics.js (server.mjs), which keeps its visitor id in localStorage.

export const CONSENT_HOSTS = {
  /**
   * A CookieYes banner (autoconsent's `cookieyes` rule), Consent Mode defaults denied, tags loaded
   * only after "Accept All": nothing before the choice, nothing after refusal.
   */
  consentOk: 'consent-ok.test',
  /**
   * Consent Mode defaults denied, yet the Google tag, the Meta pixel and Segment run at once
   * (Segment storing its visitor id in localStorage and a cookie); a pixel fires after "Reject all".
   */
  consentBad: 'consent-bad.test',
  /** An IAB TCF v2.2 CMP (`__tcfapi`) whose banner's "Reject all" completes the choice (useractioncomplete). */
  consentTcf: 'consent-tcf.test',
  /**
   * For "Test this site's consent": a OneTrust banner (autoconsent's `Onetrust` rule) on a site
   * that runs the Google tag and the Meta pixel before any choice and fires the pixel after "Reject All".
   */
  consentTestBad: 'consent-test-bad.test',
  /** A OneTrust banner on a site that loads its tags only after "Accept All Cookies": refusing is honoured. */
  consentTestOk: 'consent-test-ok.test',
};

export const CONSENT = {
  measurementId: 'G-C0NS3NT7QX',
  metaPixelId: '918273645546372',
  /** The CMP's id in the IAB's CMP list, as `__tcfapi` reports it. */
  cmpId: 300,
  /** The violating site's Segment source: its write key is the path of its analytics.js on Segment's CDN. */
  segmentWriteKey: 'c0nS3ntB4dS1t3Kq',
};

const json = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(title, head, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:15px system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px}#banner{position:fixed;bottom:0;left:0;right:0;padding:16px;background:#fff;border-top:2px solid #333}</style>
${head}</head><body>${body}</body></html>`;
}

// Google's Consent Mode v2 set-up: the gtag stub and the defaults, before any tag loads
// (https://developers.google.com/tag-platform/security/guides/consent#default-consent).
const CONSENT_MODE_DEFAULTS = `<script>
  window.dataLayer = window.dataLayer || [];
  function gtag() { dataLayer.push(arguments); }
  gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied', wait_for_update: 500 });
  gtag('js', new Date());
  gtag('config', ${json(CONSENT.measurementId)});
</script>`;

// CookieYes keeps the visitor's choice in `cookieyes-consent`, a comma-separated list
// (https://www.cookieyes.com/documentation/retrieving-consent-data-using-api-getckyconsent/);
// the Open Cookie Database lists it as Functional.
const choiceCookie = (accepted) =>
  `document.cookie = 'cookieyes-consent=consentid:' + crypto.randomUUID().replace(/-/g, '').slice(0, 32) + ',consent:${accepted ? 'yes' : 'no'},action:yes,necessary:yes,functional:${accepted ? 'yes' : 'no'},analytics:${accepted ? 'yes' : 'no'},performance:${accepted ? 'yes' : 'no'},advertisement:${accepted ? 'yes' : 'no'}; path=/; max-age=31536000; samesite=lax';`;

const BANNER = `<div id="banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies to measure our audience and show you relevant ads.</p>
  <button id="reject" type="button">Reject all</button>
  <button id="accept" type="button">Accept all</button>
</div>`;

function tagScripts(origin) {
  return `<script async src="${origin('www.googletagmanager.com')}/gtag/js?id=${CONSENT.measurementId}"></script>
<script>
  // The Meta pixel's base code (https://developers.facebook.com/docs/meta-pixel/get-started).
  !function (f, b, e, v, n, t, s) { if (f.fbq) return; n = f.fbq = function () { n.callMethod ? n.callMethod.apply(n, arguments) : n.queue.push(arguments); };
    if (!f._fbq) f._fbq = n; n.push = n; n.loaded = !0; n.version = '2.0'; n.queue = []; t = b.createElement(e); t.async = !0; t.src = v;
    s = b.getElementsByTagName(e)[0]; s.parentNode.insertBefore(t, s); }(window, document, 'script', ${json(origin('connect.facebook.net') + '/en_US/fbevents.js')});
  fbq('init', ${json(CONSENT.metaPixelId)});
  fbq('track', 'PageView');
</script>`;
}

// CookieYes's banner, as autoconsent's `cookieyes` rule expects it
// (node_modules/@duckduckgo/autoconsent/rules/autoconsent/cookieyes.json: detectCmp `exists
// .cky-consent-container`, detectPopup `visible .cky-consent-container`, optOut `waitForThenClick
// .cky-consent-container [data-cky-tag=reject-button]`, optIn `… [data-cky-tag=accept-button]`),
// with the markup and classes CookieYes's banner script renders.
const COOKIEYES_BANNER = `<div class="cky-consent-container cky-box-bottom-left" tabindex="0" aria-label="We value your privacy" role="region">
  <div class="cky-consent-bar">
    <div class="cky-notice">
      <p class="cky-title" role="heading" aria-level="1">We value your privacy</p>
      <div class="cky-notice-des"><p>We use cookies to measure our audience and show you relevant ads.</p></div>
      <div class="cky-notice-btn-wrapper">
        <button id="settings" class="cky-btn cky-btn-customize" data-cky-tag="settings-button" aria-label="Customise">Customise</button>
        <button id="reject" class="cky-btn cky-btn-reject" data-cky-tag="reject-button" aria-label="Reject All">Reject All</button>
        <button id="accept" class="cky-btn cky-btn-accept" data-cky-tag="accept-button" aria-label="Accept All">Accept All</button>
      </div>
    </div>
  </div>
</div>`;

function compliantPage(origin) {
  return page(
    'Consent OK',
    CONSENT_MODE_DEFAULTS,
    `<h1>A site that waits for consent</h1>${COOKIEYES_BANNER}
<script>
  const close = () => document.querySelector('.cky-consent-container').remove();
  document.getElementById('reject').addEventListener('click', () => {
    gtag('consent', 'update', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' });
    ${choiceCookie(false)}
    close();
  });
  document.getElementById('accept').addEventListener('click', () => {
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'granted' });
    ${choiceCookie(true)}
    close();
    // Only now are the tags loaded.
    const tag = document.createElement('script');
    tag.src = ${json(origin('www.googletagmanager.com') + '/gtag/js?id=' + CONSENT.measurementId)};
    document.head.append(tag);
  });
</script>`,
  );
}

// Segment's analytics.js, loaded from the source's write key as Segment's snippet loads it
// (https://www.twilio.com/docs/segment/connections/sources/catalog/libraries/website/javascript/quickstart):
// it keeps the visitor's id in localStorage and in the `ajs_anonymous_id` cookie
// (https://www.twilio.com/docs/segment/connections/sources/catalog/libraries/website/javascript/identity),
// which the Open Cookie Database lists as Analytics.
const segmentScript = (origin) => `<script async src="${origin('cdn.segment.com')}/analytics.js/v1/${CONSENT.segmentWriteKey}/analytics.min.js"></script>`;

function violatingPage(origin) {
  return page(
    'Consent ignored',
    CONSENT_MODE_DEFAULTS + tagScripts(origin) + segmentScript(origin),
    `<h1>A site that does not wait</h1>${BANNER}
<script>
  const close = () => document.getElementById('banner').remove();
  document.getElementById('reject').addEventListener('click', () => {
    gtag('consent', 'update', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' });
    ${choiceCookie(false)}
    close();
    // The site's own event tracking, wired to every button whatever the visitor chose.
    fbq('track', 'ViewContent');
  });
  document.getElementById('accept').addEventListener('click', () => {
    gtag('consent', 'update', { ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted', analytics_storage: 'granted' });
    ${choiceCookie(true)}
    close();
  });
</script>`,
  );
}

// A TCF v2.2 CMP as the IAB's CMP API v2 specifies it
// (https://github.com/InteractiveAdvertisingBureau/GDPR-Transparency-and-Consent-Framework/blob/master/TCFv2/IAB%20Tech%20Lab%20-%20CMP%20API%20v2.md):
// `__tcfapi(command, version, callback, parameter)`, the `__tcfapiLocator` frame, `ping`,
// `addEventListener` (calls back at once and on every change with a TCData whose `eventStatus`
// is `cmpuishown` while the banner shows, then `useractioncomplete`) and `removeEventListener`.
// The choice is kept in `euconsent-v2`, as most TCF CMPs keep the TC string.
function tcfPage() {
  return page(
    'Consent with TCF',
    `<script>
(() => {
  const cmpId = ${CONSENT.cmpId};
  const purposes = (value) => Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i + 1, value]));
  let tcData = {
    tcString: '', tcfPolicyVersion: 4, cmpId, cmpVersion: 3, gdprApplies: true, eventStatus: 'cmpuishown', cmpStatus: 'loaded',
    isServiceSpecific: true, useNonStandardTexts: false, publisherCC: 'FR', purposeOneTreatment: false,
    purpose: { consents: purposes(false), legitimateInterests: {} }, vendor: { consents: {}, legitimateInterests: {} },
    specialFeatureOptins: {}, publisher: { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} }, restrictions: {} },
  };
  const listeners = new Map();
  let nextId = 1;
  window.__tcfapi = (command, version, callback, parameter) => {
    if (version !== 2 || typeof callback !== 'function') return;
    if (command === 'ping') callback({ gdprApplies: true, cmpLoaded: true, cmpStatus: 'loaded', displayStatus: tcData.eventStatus === 'cmpuishown' ? 'visible' : 'hidden', apiVersion: '2.2', cmpVersion: 3, cmpId, gvlVersion: 80, tcfPolicyVersion: 4 });
    else if (command === 'addEventListener') {
      const listenerId = nextId++;
      listeners.set(listenerId, callback);
      callback({ ...tcData, listenerId }, true);
    } else if (command === 'removeEventListener') callback(listeners.delete(parameter));
  };
  window.cmpChoose = (accepted) => {
    tcData = { ...tcData, eventStatus: 'useractioncomplete', tcString: 'CQIz5UAQIz5UAEsACBENBQFgAP_gAEPgAAqIKxtX_G__bWlr8X73aftkeY1P9_h77sQxBhfJE-4FzLvW_JwXx2ExNA36tqIKmRIAu3TBIQNlGJDURVCgaogVrSDsaE2coTNKJ6BkiFMRM2dYCF5vm4tj-QCY5vr991dx2B-t7dr83dzyz4VHn3a5_2a0WJCdA58tDfv9bROb-9IPd_58v4v0_F_rE2_eT1l_tevp7D9-cts7_XW-9_fff79Ll_-mBwUAJhq3EAXYljQWgRABgEMASQYAwACAhAEAAIAAEKAAAAgFBAAEACAAABoAAAAAAA4NAgAAAAAIAAEAAAAAAAQAAAgAAAAAAAAAAAAAAAAAAAAAAAAAA',
      purpose: { consents: purposes(accepted), legitimateInterests: {} } };
    document.cookie = 'euconsent-v2=' + tcData.tcString + '; path=/; max-age=33696000; samesite=lax';
    for (const [listenerId, callback] of listeners) callback({ ...tcData, listenerId }, true);
    document.getElementById('banner').remove();
  };
  // The locator frame other frames find the CMP by.
  const locator = () => { const f = document.createElement('iframe'); f.name = '__tcfapiLocator'; f.style.display = 'none'; document.body.append(f); };
  if (document.body) locator(); else addEventListener('DOMContentLoaded', locator);
})();
</script>`,
    `<h1>A site with a TCF consent platform</h1>${BANNER}
<script>
  document.getElementById('reject').addEventListener('click', () => cmpChoose(false));
  document.getElementById('accept').addEventListener('click', () => cmpChoose(true));
</script>`,
  );
}

// OneTrust's banner as its banner SDK renders it and as autoconsent's `Onetrust` rule expects it
// (node_modules/@duckduckgo/autoconsent/lib/cmps/onetrust.ts: detectCmp `#onetrust-banner-sdk`
// exists, detectPopup it is visible, optOut clicks `#onetrust-reject-all-handler` when visible,
// optIn `#onetrust-accept-btn-handler`). The buttons call what OneTrust's own do, its
// JavaScript API's `OneTrust.RejectAll()` / `AllowAll()`
// (https://developer.onetrust.com/onetrust/docs/javascript-api), and the choice is kept in
// OneTrust's cookies `OptanonConsent` (groups C0001 strictly necessary … C0004 targeting, `:0`
// refused) and `OptanonAlertBoxClosed` (when the banner was closed), both Functional in the Open
// Cookie Database.
const ONETRUST_BANNER = `<div id="onetrust-consent-sdk" data-nosnippet="true">
  <div class="onetrust-pc-dark-filter ot-hide ot-fade-in"></div>
  <div id="onetrust-banner-sdk" class="otFlat ot-wo-title vertical-align-content" tabindex="0" role="region" aria-label="Cookie banner">
    <div role="alertdialog" aria-describedby="onetrust-policy-text" aria-modal="true" aria-label="Privacy">
      <div class="ot-sdk-container"><div class="ot-sdk-row">
        <div id="onetrust-group-container" class="ot-sdk-eight ot-sdk-columns">
          <div id="onetrust-policy"><div id="onetrust-policy-text">We use cookies to measure our audience and show you relevant ads. <a class="ot-cookie-policy-link" href="/cookie-policy">Cookie Policy</a></div></div>
        </div>
        <div id="onetrust-button-group-parent" class="ot-sdk-three ot-sdk-columns">
          <div id="onetrust-button-group">
            <button id="onetrust-pc-btn-handler" class="cookie-setting-link">Cookies Settings</button>
            <button id="onetrust-reject-all-handler">Reject All</button>
            <button id="onetrust-accept-btn-handler">Accept All Cookies</button>
          </div>
        </div>
      </div></div>
    </div>
  </div>
</div>`;

// OneTrust's own handlers: store the choice, close the banner, and tell the page's tags
// (Consent Mode, as OneTrust's Google integration does).
const oneTrustChoice = (accepted) => `
    const groups = ${json(accepted ? 'C0001:1,C0002:1,C0003:1,C0004:1' : 'C0001:1,C0002:0,C0003:0,C0004:0')};
    document.cookie = 'OptanonConsent=isGpcEnabled=0&datestamp=' + encodeURIComponent(new Date().toString()) + '&version=202409.1.0&isIABGlobal=false&hosts=&consentId=' + crypto.randomUUID() + '&interactionCount=1&landingPath=NotLandingPage&groups=' + encodeURIComponent(groups) + '; path=/; max-age=31536000; samesite=lax';
    document.cookie = 'OptanonAlertBoxClosed=' + new Date().toISOString() + '; path=/; max-age=31536000; samesite=lax';
    const state = ${json(accepted ? 'granted' : 'denied')};
    gtag('consent', 'update', { ad_storage: state, ad_user_data: state, ad_personalization: state, analytics_storage: state });
    document.getElementById('onetrust-banner-sdk').style.display = 'none';`;

// A page long enough to scroll, as the test scrolls after the choice.
const ARTICLE = '<article>' + Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i + 1} of the article.</p>`).join('') + '</article>';

function oneTrustViolatingPage(origin) {
  return page(
    'Consent test: ignored',
    CONSENT_MODE_DEFAULTS + tagScripts(origin),
    `<h1>A shop that does not wait</h1>${ARTICLE}${ONETRUST_BANNER}
<script>
  document.getElementById('onetrust-reject-all-handler').addEventListener('click', () => {
    ${oneTrustChoice(false)}
    // The site's own event tracking, wired to every button whatever the visitor chose.
    fbq('track', 'ViewContent');
  });
  document.getElementById('onetrust-accept-btn-handler').addEventListener('click', () => {
    ${oneTrustChoice(true)}
  });
</script>`,
  );
}

function oneTrustCompliantPage(origin) {
  return page(
    'Consent test: honoured',
    CONSENT_MODE_DEFAULTS,
    `<h1>A shop that waits for consent</h1>${ARTICLE}${ONETRUST_BANNER}
<script>
  document.getElementById('onetrust-reject-all-handler').addEventListener('click', () => {
    ${oneTrustChoice(false)}
  });
  document.getElementById('onetrust-accept-btn-handler').addEventListener('click', () => {
    ${oneTrustChoice(true)}
    // Only now are the tags loaded.
    const tag = document.createElement('script');
    tag.src = ${json(origin('www.googletagmanager.com') + '/gtag/js?id=' + CONSENT.measurementId)};
    document.head.append(tag);
  });
</script>`,
  );
}

/** The consent sites' routes; the tags' own hosts are the shop's (server.mjs). */
export function consentRoutes(port) {
  const origin = (host) => `https://${host}:${port}`;
  return (host, path) => {
    if (path !== '/') return undefined;
    switch (host) {
      case CONSENT_HOSTS.consentOk:
        return { headers: {}, body: compliantPage(origin) };
      case CONSENT_HOSTS.consentBad:
        return { headers: {}, body: violatingPage(origin) };
      case CONSENT_HOSTS.consentTcf:
        return { headers: {}, body: tcfPage() };
      case CONSENT_HOSTS.consentTestBad:
        return { headers: {}, body: oneTrustViolatingPage(origin) };
      case CONSENT_HOSTS.consentTestOk:
        return { headers: {}, body: oneTrustCompliantPage(origin) };
      default:
        return undefined;
    }
  };
}
