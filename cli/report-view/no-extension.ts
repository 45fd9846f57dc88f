/**
 * `wxt/browser` in the saved HTML report, which is no extension page: the popup's components
 * import it only for controls that act on the browser (the lesson link), which the report hides.
 * Using it is a bug, and says so.
 */
export const browser: never = new Proxy({} as never, {
  get(_, name) {
    throw new Error(`browser.${String(name)} is not available in a saved report`);
  },
});
