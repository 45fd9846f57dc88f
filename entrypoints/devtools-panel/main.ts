// The DevTools panel for the inspected tab; also opened as `devtools-panel.html?tabId=N`
// (as the popup is), which is how the tests drive it.
import { begin } from './early';

// The report is asked for while the components load (early.ts).
begin(location.search);

export default (await import('./start')).start();
