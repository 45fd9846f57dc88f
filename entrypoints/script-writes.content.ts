/**
 * In the page's own world (MAIN), before any of its scripts: wraps the `document.cookie` setter,
 * `cookieStore.set` / `delete` and web storage's `setItem` / `removeItem` / `clear` so that each
 * write is noted with the script that made it (the first frame of the call stack that is not
 * ours, lib/scripts/stack.ts), its cookie name and the attributes written, or its storage key,
 * never the value. Declared in the manifest, so a page's Content-Security-Policy cannot block it.
 *
 * The notes go to our isolated-world content script (script-writes-relay.content.ts) over a
 * MessageChannel whose port is handed over in a hand-shake at document_start, before the page
 * has run anything: whichever of the two scripts runs second completes it, synchronously.
 *
 * This runs on every cookie write of every page: the wrapper calls the browser's own setter
 * first, then captures a short stack and reads it (each distinct stack once); repeats of a write
 * only bump a counter until the next hand-over (every PAGE_FLUSH_MS at most). Everything the
 * page's realm offers that we use is taken at start, before page code could replace it.
 * Measured by `npm run bench:scripts` (docs/benchmarks.md).
 */
import { firstFrameLocation, scriptOfStack, type ScriptRef, type StackContext } from '@/lib/scripts/stack';
import {
  cookieStoreWriteOf,
  cookieWriteOf,
  HELLO_EVENT,
  MAX_NAME_LENGTH,
  PAGE_FLUSH_MS,
  PORT_EVENT,
  WriteBatch,
  type ScriptWrite,
  type WriteApi,
} from '@/lib/scripts/writes';
import { ConsentWatcher } from '@/lib/consent/watch';
import type { ConsentSignal } from '@/lib/consent/signals';

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  world: 'MAIN',
  main() {
    record();
  },
});

function record(): void {
  const NativeError = Error;
  const now = Date.now;
  const stringify = JSON.stringify;
  const setTimer = setTimeout;
  const { defineProperty, getOwnPropertyDescriptor } = Object;
  const call = Function.prototype.call;
  const href = getOwnPropertyDescriptor(Location.prototype, 'href')?.get ?? getOwnPropertyDescriptor(location, 'href')?.get;
  const currentUrl = href ? () => withoutHash(call.call(href, location) as string) : () => withoutHash(location.href);

  const ownLocation = firstFrameLocation(new NativeError().stack ?? '');
  // Without knowing which frames are ours, no stack can be read: record nothing.
  if (ownLocation === null) return;
  const initialUrl = currentUrl();
  let parentUrl: string | null = null;
  if (initialUrl.startsWith('about:')) {
    // about:blank and srcdoc frames run their creator's code: its inline scripts are inline here too.
    try {
      parentUrl = withoutHash(parent.location.href);
    } catch {
      // A cross-origin parent: its scripts cannot write this frame's cookies anyway.
    }
  }
  const context: StackContext = {
    ownLocation,
    isDocument: (url) => url === initialUrl || url === parentUrl || url === currentUrl(),
  };

  // V8 (Chromium) can leave our own frames out of a stack (captureStackTrace's second argument)
  // and walks and formats only Error.stackTraceLimit frames: the caller and a few below it are
  // all a stack is read for. The page's limit is put back at once. SpiderMonkey has neither.
  const V8Error = NativeError as ErrorConstructor & { stackTraceLimit?: unknown; captureStackTrace?: (holder: object, above: Function) => void };
  const captureStackTrace = V8Error.captureStackTrace;
  const v8 = typeof captureStackTrace === 'function' && typeof V8Error.stackTraceLimit === 'number';
  const stackNow = (above: Function): string => {
    if (!v8) return new NativeError().stack ?? '';
    const holder: { stack?: string } = {};
    const limit = V8Error.stackTraceLimit;
    V8Error.stackTraceLimit = STACK_FRAMES;
    captureStackTrace(holder, above);
    V8Error.stackTraceLimit = limit;
    return holder.stack ?? '';
  };
  // A page writes from a few places, again and again: each stack is read once.
  let known = new Map<string, ScriptRef | null>();
  const scriptOf = (above: Function): ScriptRef | null => {
    const stack = stackNow(above);
    let script = known.get(stack);
    if (script === undefined) {
      if (known.size >= KNOWN_STACKS) known = new Map();
      script = scriptOfStack(stack, context);
      known.set(stack, script);
    }
    return script;
  };

  const batch = new WriteBatch();
  let port: MessagePort | null = null;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const taken = port && batch.take();
    if (taken) port?.postMessage(stringify(taken));
  };
  /** A write, made by whoever called `wrapper` (`script`, when already known). */
  const note = (wrapper: Function, api: WriteApi, op: ScriptWrite['op'], name: string, attributes: string, script = scriptOf(wrapper)) => {
    if (script === null) return;
    batch.add(api, op, name, attributes, script, now());
    if (!scheduled && port) {
      scheduled = true;
      setTimer(flush, PAGE_FLUSH_MS);
    }
  };

  const cookie = getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.get && cookie.set) {
    const nativeSet = call.bind(cookie.set) as (self: unknown, value: string) => void;
    const setter = {
      cookie(this: Document, value: unknown) {
        // Converted once, as the setter would (a Symbol throws), so a value's toString runs once.
        const text = `${value as string}`;
        nativeSet(this, text);
        try {
          const { name, attributes } = cookieWriteOf(text);
          note(setter, 'cookie', 'set', name, attributes);
        } catch {
          // Never break the page's write.
        }
      },
    }.cookie;
    defineProperty(Document.prototype, 'cookie', { configurable: true, enumerable: cookie.enumerable, get: cookie.get, set: setter });
  }

  const store = typeof CookieStore === 'function' ? CookieStore.prototype : null;
  for (const op of ['set', 'delete'] as const) {
    const original = store ? getOwnPropertyDescriptor(store, op) : undefined;
    if (!store || typeof original?.value !== 'function') continue;
    const nativeCall = call.bind(original.value as (...args: unknown[]) => unknown) as (self: unknown, ...args: unknown[]) => unknown;
    const wrapper = {
      [op](this: CookieStore, ...args: unknown[]) {
        const result = nativeCall(this, ...args);
        try {
          const write = cookieStoreWriteOf(args);
          if (write) note(wrapper, 'cookieStore', op, write.name, write.attributes);
        } catch {
          // Never break the page's write.
        }
        return result;
      },
    }[op];
    defineProperty(store, op, { ...original, value: wrapper });
  }

  // Web storage: which script writes each key. A setItem costs far less than reading a stack,
  // and pages write their keys in bursts: a key's stack is read at most once per PAGE_FLUSH_MS,
  // and its writes in between are put down to the same script. (Named properties,
  // `localStorage.key = …`, bypass setItem: those writes are not seen.)
  const storage = typeof Storage === 'function' ? Storage.prototype : null;
  const areaGetter = (name: 'localStorage' | 'sessionStorage') =>
    (getOwnPropertyDescriptor(window, name) ?? getOwnPropertyDescriptor(Window.prototype, name))?.get;
  const areas = { localStorage: areaGetter('localStorage'), sessionStorage: areaGetter('sessionStorage') };
  /** The area `self` is, asked only once the page uses web storage (opening an area has a cost). */
  const areaOf = (self: unknown): 'localStorage' | 'sessionStorage' | null => {
    for (const api of ['localStorage', 'sessionStorage'] as const) {
      try {
        const get = areas[api];
        if (get && call.call(get, window) === self) return api;
      } catch {
        // No storage for this origin (a sandboxed frame): its writes throw before reaching here.
      }
    }
    return null;
  };
  let sampled = new Map<string, { script: ScriptRef | null; time: number }>();
  const noteStorage = (wrapper: Function, self: unknown, op: 'setItem' | 'removeItem' | 'clear', key: unknown) => {
    const api = areaOf(self);
    if (api === null) return;
    const name = op === 'clear' ? '' : cut(typeof key === 'string' ? key : typeof key === 'object' || typeof key === 'function' ? '[object]' : String(key), MAX_NAME_LENGTH);
    const time = now();
    const sample = `${api}\n${name}`;
    let last = sampled.get(sample);
    if (last === undefined || time - last.time >= PAGE_FLUSH_MS) {
      if (sampled.size >= KNOWN_STACKS) sampled = new Map();
      last = { script: scriptOf(wrapper), time };
      sampled.set(sample, last);
    }
    note(wrapper, api, op === 'setItem' ? 'set' : op === 'removeItem' ? 'delete' : 'clear', name, '', last.script);
  };
  for (const op of ['setItem', 'removeItem', 'clear'] as const) {
    const original = storage ? getOwnPropertyDescriptor(storage, op) : undefined;
    if (!storage || typeof original?.value !== 'function') continue;
    const nativeCall = call.bind(original.value as (...args: unknown[]) => unknown) as (self: unknown, ...args: unknown[]) => unknown;
    const wrapper = {
      [op](this: Storage, ...args: unknown[]) {
        const result = nativeCall(this, ...args);
        try {
          noteStorage(wrapper, this, op, args[0]);
        } catch {
          // Never break the page's write.
        }
        return result;
      },
    }[op];
    defineProperty(storage, op, { ...original, value: wrapper });
  }

  // The hand-shake: offer the port now (the relay ran first), or when the relay says hello.
  const channel = new MessageChannel();
  const offer = (): boolean => {
    // Cancelled by the relay when it takes the port.
    const taken = !window.dispatchEvent(new MessageEvent(PORT_EVENT, { ports: [channel.port2], cancelable: true }));
    if (!taken) return false;
    port = channel.port1;
    if (batch.size > 0) flush();
    return true;
  };
  if (!offer()) {
    const onHello = () => {
      if (offer()) window.removeEventListener(HELLO_EVENT, onHello, true);
    };
    window.addEventListener(HELLO_EVENT, onHello, true);
  }

  // The consent platform lives in the top document; frames only relay it.
  if (window === window.top) watchConsent((signals) => port?.postMessage({ consent: signals }), now, setTimer);
}

/**
 * Read the page's consent state (lib/consent/watch.ts), lazily: nothing while the page loads;
 * at the load event, a few times after it, and shortly after each click (a banner's buttons).
 */
function watchConsent(post: (signals: ConsentSignal[]) => void, now: () => number, setTimer: typeof setTimeout): void {
  const page = window as unknown as Record<string, unknown>;
  const watcher = new ConsentWatcher({ now, global: (name) => page[name], post });
  const atLoad = () => {
    watcher.check();
    for (const ms of CONSENT_CHECKS_AFTER_LOAD_MS) setTimer(() => watcher.check(), ms);
  };
  if (document.readyState === 'complete') atLoad();
  else window.addEventListener('load', atLoad, { once: true });
  let scheduled = false;
  window.addEventListener(
    'click',
    () => {
      watcher.noteClick(now());
      if (scheduled) return;
      scheduled = true;
      setTimer(() => {
        scheduled = false;
        watcher.check();
      }, CONSENT_CHECK_AFTER_CLICK_MS);
    },
    { capture: true, passive: true },
  );
}

/** When consent is read again after the load event (a platform that loads late), in ms. */
const CONSENT_CHECKS_AFTER_LOAD_MS = [1000, 3000, 10_000, 30_000];
/** A banner's button updates Consent Mode within its click handler, or just after. */
const CONSENT_CHECK_AFTER_CLICK_MS = 300;

/** Frames captured per write in V8: the caller, and a few below it (the maker of code made from a string). */
const STACK_FRAMES = 4;
/** Distinct stacks whose reading is remembered; past this the memory starts afresh. */
const KNOWN_STACKS = 256;

const cut = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);

function withoutHash(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
