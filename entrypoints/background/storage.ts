/**
 * A tab's web storage, read and deleted frame by frame through our isolated-world content script
 * (lib/storage/frame.ts answers there): the frames the browser lists (webNavigation.getAllFrames),
 * each asked with tabs.sendMessage to that frame alone. The answers are checked
 * (lib/storage/protocol.ts), handed to the page that asked, and never kept.
 */
import { browser } from 'wxt/browser';
import { isSafeInteger, isString } from '@/lib/guards';
import { originOf } from '@/lib/requests/url';
import { MAX_FRAMES, type FrameRead } from '@/lib/storage/merge';
import { DELETE_STORAGE, READ_STORAGE, readDeleteAnswer, readFrameAnswer, type DeleteTarget, type FrameRequest } from '@/lib/storage/protocol';

/** A frame busy with the page's own code answers late; past this it counts as not answering. */
const FRAME_TIMEOUT_MS = 2000;

type ListedFrame = Omit<FrameRead, 'answer'>;

async function framesOf(tabId: number): Promise<ListedFrame[]> {
  try {
    const frames = (await browser.webNavigation.getAllFrames({ tabId })) ?? [];
    return frames
      .filter((f) => isSafeInteger(f.frameId) && isString(f.url))
      .map((f) => ({ frameId: f.frameId, parentFrameId: isSafeInteger(f.parentFrameId) ? f.parentFrameId : -1, url: f.url }));
  } catch {
    return [];
  }
}

/** One frame's answer, or null: no content script there (a browser page, a frame older than Cookie Audit), or too slow. */
function ask(tabId: number, frameId: number, request: FrameRequest): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), FRAME_TIMEOUT_MS)));
  const answer = Promise.resolve()
    .then(() => browser.tabs.sendMessage(tabId, request, { frameId }))
    .catch(() => null);
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

/** What each of the tab's frames (MAX_FRAMES at most, the top one first) says it keeps. */
export async function readTabStorage(tabId: number, includeValues: boolean): Promise<{ frames: FrameRead[]; droppedFrames: number }> {
  const listed = (await framesOf(tabId)).sort((a, b) => a.frameId - b.frameId);
  const asked = listed.slice(0, MAX_FRAMES);
  const request: FrameRequest = { type: READ_STORAGE, includeValues };
  const frames = await Promise.all(asked.map(async (frame) => ({ ...frame, answer: readFrameAnswer(await ask(tabId, frame.frameId, request), includeValues) })));
  return { frames, droppedFrames: listed.length - asked.length };
}

/**
 * Delete in the tab's frames that may be of `origin` (their address says so, or they have none
 * of their own: about:blank, srcdoc, blob:), one after the other; each frame acts only if it is
 * of that origin. Frames of one origin share its storage: the first frame of the origin acts
 * for all of them.
 */
export async function deleteTabStorage(tabId: number, origin: string, target: DeleteTarget): Promise<{ removed: number; pending: number }> {
  const total = { removed: 0, pending: 0 };
  const request: FrameRequest = { type: DELETE_STORAGE, origin, target };
  const frames = (await framesOf(tabId)).filter((f) => {
    const own = originOf(f.url);
    return own === null ? !f.url.startsWith('data:') : own === origin;
  });
  for (const frame of frames.slice(0, MAX_FRAMES)) {
    const { matched, removed, pending } = readDeleteAnswer(await ask(tabId, frame.frameId, request));
    if (!matched) continue;
    total.removed += removed;
    total.pending += pending;
    break;
  }
  return total;
}
